/*
 * The Mean ODE page (dl4j-meanode): polls /meanode/api/... and redraws its charts as records of
 * FeatureMovementListener arrive. State lives in window.meanode (handy in the browser console).
 */
(function () {
    'use strict';

    var config = JSON.parse(document.getElementById('meanode-config').textContent);
    var MAX_LINES = 12;
    var state = window.meanode = {
        config: config,
        session: config.session || null,
        worker: null,
        since: 0,
        info: null,
        updates: [],
        sessions: [],
        hasStats: false,
        polls: 0,
        lastError: null
    };

    function $(id) {
        return document.getElementById(id);
    }

    function showError(text) {
        state.lastError = text;
        var e = $('error');
        e.textContent = text;
        e.hidden = !text;
    }

    function getJson(url) {
        return fetch(url, {cache: 'no-store'}).then(function (r) {
            return r.text().then(function (body) {
                var data;
                try {
                    data = JSON.parse(body);
                } catch (ex) {
                    throw new Error(url + ': HTTP ' + r.status + ', not JSON: ' + body.slice(0, 200));
                }
                if (!r.ok) {
                    throw new Error(data.error || (url + ': HTTP ' + r.status));
                }
                return data;
            });
        }, function (ex) {
            throw new Error('cannot reach the UI server (' + ex.message + '); retrying every '
                + (config.refreshMillis / 1000) + ' s');
        });
    }

    function trainBase() {
        return config.multiSession && state.session ? '/train/' + encodeURIComponent(state.session) + '/' : '/train/';
    }

    function updateNav() {
        ['overview', 'model', 'system'].forEach(function (p) {
            $('nav-' + p).href = trainBase() + p;
        });
        $('nav-meanode').href = config.multiSession && state.session
            ? trainBase() + 'meanode' : '/train/meanode';
    }

    // In single-session mode DL4J's pages show their own "current session": switch it to ours first.
    ['overview', 'model', 'system'].forEach(function (p) {
        $('nav-' + p).addEventListener('click', function (ev) {
            if (!config.multiSession && state.session && state.hasStats) {
                ev.preventDefault();
                var target = this.href;
                fetch('/train/sessions/set/' + encodeURIComponent(state.session)).finally(function () {
                    window.location.href = target;
                });
            }
        });
    });

    function fillSelect(sel, values, current, label) {
        var same = sel.options.length === values.length;
        for (var i = 0; same && i < values.length; i++) {
            same = sel.options[i].value === values[i].value;
        }
        if (!same) {
            sel.innerHTML = '';
            values.forEach(function (v) {
                var o = document.createElement('option');
                o.value = v.value;
                o.textContent = v.text;
                sel.appendChild(o);
            });
        }
        sel.value = current;
    }

    function refreshSessions() {
        return getJson('/meanode/api/sessions').then(function (data) {
            state.sessions = data.sessions;
            var ids = data.sessions.map(function (s) {
                return s.id;
            });
            if (!state.session || (ids.indexOf(state.session) < 0 && !config.session)) {
                state.session = ids.length ? ids[0] : null;
            }
            fillSelect($('sessionSelect'), data.sessions.map(function (s) {
                var shape = !s.depth ? '' : s.kind === 'LIMIT'
                    ? ' (limit: S=' + s.depth + ', P=' + s.width + ', D=' + s.embeddingDim + ', ' + s.regime + ')'
                    : ' (L=' + s.depth + ', M=' + s.width + ', D=' + s.embeddingDim + ', ' + s.regime + ')';
                return {value: s.id, text: s.id + shape};
            }), state.session);
            $('empty').hidden = ids.length > 0;
            $('emptyText').textContent = 'None of the ' + data.storages + ' storage(s) attached to this server holds'
                + ' records of FeatureMovementListener.';
            if (!ids.length) {
                $('charts').hidden = true;
                $('status').textContent = 'Waiting for a Mean ODE session...';
            }
            updateNav();
        });
    }

    function resetSession(id) {
        state.session = id;
        state.worker = null;
        state.since = 0;
        state.info = null;
        state.updates = [];
        if (config.multiSession && id) {
            history.replaceState(null, '', '/train/' + encodeURIComponent(id) + '/meanode' + window.location.search);
        }
        updateNav();
    }

    $('sessionSelect').addEventListener('change', function () {
        resetSession(this.value);
        poll();
    });
    $('workerSelect').addEventListener('change', function () {
        var s = state.session;
        resetSession(s);
        state.worker = this.value;
        poll();
    });

    function pollSession() {
        if (!state.session) {
            return Promise.resolve();
        }
        var url = '/meanode/api/session/' + encodeURIComponent(state.session) + '?since=' + state.since
            + (state.worker ? '&worker=' + encodeURIComponent(state.worker) : '');
        return getJson(url).then(function (data) {
            if (data.session !== state.session) {
                return;
            }
            if (state.info && state.info.startTime !== data.info.startTime) {
                state.updates = [];
            }
            state.info = data.info;
            state.worker = data.worker;
            state.hasStats = data.hasStats;
            Array.prototype.push.apply(state.updates, data.updates);
            state.since = data.last;
            var wsel = $('workerSelect');
            fillSelect(wsel, data.workers.map(function (w) {
                return {value: w, text: w};
            }), data.worker);
            wsel.hidden = $('workerLabel').hidden = data.workers.length < 2;
            $('charts').hidden = false;
            $('empty').hidden = true;
            draw();
        });
    }

    var inFlight = null;

    function poll() {
        if (inFlight) { // never two polls at once: both would append the same updates
            return inFlight;
        }
        var p = (state.polls % 5 === 0 || !state.session) ? refreshSessions() : Promise.resolve();
        state.polls++;
        inFlight = p.then(pollSession).then(function () {
            showError(null);
        }, function (ex) {
            showError(ex.message);
        }).then(function () {
            inFlight = null;
        });
        return inFlight;
    }

    function fmt(x, digits) {
        if (x === null || x === undefined || (typeof x === 'number' && !isFinite(x))) {
            return '\u2014';
        }
        if (typeof x !== 'number') {
            return String(x);
        }
        return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(digits || 3) : String(+x.toPrecision(digits || 4));
    }

    function mean(a) {
        var s = 0, n = 0;
        a.forEach(function (x) {
            if (x !== null && isFinite(x)) {
                s += x;
                n++;
            }
        });
        return n ? s / n : null;
    }

    function median(a) {
        var b = a.filter(function (x) {
            return x !== null && isFinite(x);
        }).sort(function (p, q) {
            return p - q;
        });
        return b.length ? b[Math.floor(b.length / 2)] : null;
    }

    function row(label, value) {
        var tr = document.createElement('tr');
        var a = document.createElement('td');
        var b = document.createElement('td');
        a.textContent = label;
        b.textContent = value;
        tr.appendChild(a);
        tr.appendChild(b);
        return tr;
    }

    // "block0: ScaledResidualBlock, 1 block" x L -> "block0 ... block{L-1}: L x ScaledResidualBlock"
    function layers(list) {
        var kinds = list.map(function (l) {
            var m = /^(.*): ([^,]+), 1 block$/.exec(l);
            return m ? m[2] : null;
        });
        var same = list.length > 2 && kinds.every(function (k) {
            return k !== null && k === kinds[0];
        });
        if (!same) {
            return list.join('; ');
        }
        var first = list[0].split(':')[0], last = list[list.length - 1].split(':')[0];
        return first + ' \u2026 ' + last + ': ' + list.length + ' \u00d7 ' + kinds[0] + ', 1 block each';
    }

    function drawTable() {
        var i = state.info, u = state.updates, last = u.length ? u[u.length - 1] : null;
        var t = $('runTable');
        t.innerHTML = '';
        var rootD = Math.sqrt(i.embeddingDim);
        [
            ['Session / worker', state.session + ' / ' + state.worker],
            ['Model', i.modelClass + ', ' + i.dataType],
            ['Monitored layers', layers(i.layers)],
        ].concat(i.kind === 'LIMIT' ? [
            ['Neural Mean ODE limit: solver steps S, nodes P, embedding D', i.depth + ', ' + i.width + ', ' + i.embeddingDim],
            ['\u03b1 (residual scale)', fmt(i.alpha)]
        ] : [
            ['Depth L, width M, embedding D', i.depth + ', ' + i.width + ', ' + i.embeddingDim],
            ['L \u00b7 M (effective width)', String(i.depth * i.width)],
            ['\u03b1 (residual scale), multiplier \u03b1/(L\u00b7M)', fmt(i.alpha) + ', ' + fmt(i.alpha / (i.depth * i.width))]
        ]).concat([
            ['\u03c3_u, \u03c3_v (\u00d7 \u221aD)', fmt(i.sigmaU) + ' (' + fmt(i.sigmaU / rootD) + '), ' + fmt(i.sigmaV) + ' (' + fmt(i.sigmaV / rootD) + ')'],
            ['Activation', i.activation],
            ['Regime', i.regime],
            ['Predicted distance to the Mean ODE limit', i.kind === 'LIMIT' ? 'not applicable (this is the limit)'
                : i.predictedDistance === null ? 'no bound supplied'
                : fmt(i.predictedDistance) + (i.predictionNote ? ' (' + i.predictionNote + ')' : '')],
            ['Recorded every', (i.frequency === 1 ? 'iteration' : i.frequency + ' iterations') + ', probe batch of '
                + i.probeSize + ' example' + (i.probeSize === 1 ? '' : 's')],
            ['Baseline (U\u2080, V\u2080, h\u2080) at iteration', String(i.baselineIteration)],
            ['Records', String(u.length)],
            ['Last iteration, epoch', last ? last.iteration + ', ' + last.epoch : '\u2014'],
            ['Last loss', last ? fmt(last.loss) : '\u2014'],
            ['Last mean movement of U, V; h(1)', last ? fmt(mean(last.u)) + ', ' + fmt(mean(last.v)) + '; ' + fmt(last.h[last.h.length - 1]) : '\u2014'],
            ['Listener time per record (median)', u.length ? fmt(median(u.map(function (x) {
                return x.ms;
            }))) + ' ms' : '\u2014'],
            ['Started, last update', new Date(i.startTime).toLocaleString() + ', ' + (last ? new Date(last.t).toLocaleTimeString() : '\u2014')]
        ]).forEach(function (r) {
            t.appendChild(row(r[0], r[1]));
        });
    }

    function draw() {
        var u = state.updates, i = state.info;
        var its = u.map(function (x) {
            return x.iteration;
        });
        var n = u.length;
        var positive = u.every(function (x) {
            return x.loss === null || x.loss > 0;
        });
        MoCharts.line($('lossChart'), [{name: 'loss', color: '#1f77b4', xs: its, ys: u.map(function (x) {
            return x.loss;
        })}], {xLabel: 'iteration', yLabel: positive ? 'loss (log scale)' : 'loss', logY: positive, integerX: true, records: n});
        var heat = {xs: its, xLabel: 'iteration', yLabel: 'depth s', empty: 'no records yet'};
        MoCharts.heatmap($('uHeatmap'), u.map(function (x) {
            return x.u;
        }), heat);
        MoCharts.heatmap($('vHeatmap'), u.map(function (x) {
            return x.v;
        }), heat);
        var lines = [];
        var step = Math.max(1, Math.ceil(n / MAX_LINES));
        for (var k = n - 1; k >= 0; k -= step) {
            lines.unshift(k);
        }
        MoCharts.line($('hiddenChart'), lines.map(function (k, j) {
            var t = lines.length > 1 ? j / (lines.length - 1) : 1;
            return {
                name: (j === 0 || j === lines.length - 1) ? 'iteration ' + u[k].iteration : null,
                color: MoCharts.color(0.15 + 0.85 * t), xs: i.stateDepths, ys: u[k].h, width: j === lines.length - 1 ? 2.5 : 1.2
            };
        }), {xLabel: 'depth s', yLabel: 'relative movement', records: n});
        MoCharts.line($('timeChart'), [
            {name: 'U (mean over blocks)', color: '#d62728', xs: its, ys: u.map(function (x) {
                return mean(x.u);
            })},
            {name: 'V (mean over blocks)', color: '#2ca02c', xs: its, ys: u.map(function (x) {
                return mean(x.v);
            })},
            {name: 'h(s = 1)', color: '#1f77b4', xs: its, ys: u.map(function (x) {
                return x.h[x.h.length - 1];
            })}
        ], {xLabel: 'iteration', yLabel: 'relative movement', integerX: true, records: n});
        drawTable();
        var last = n ? u[n - 1] : null;
        $('status').innerHTML = '';
        var live = document.createElement('span');
        live.className = 'mo-live';
        live.textContent = 'live';
        $('status').appendChild(live);
        $('status').appendChild(document.createTextNode(' \u2014 ' + n + ' record' + (n === 1 ? '' : 's')
            + (last ? ', last iteration ' + last.iteration + ' at ' + new Date(last.t).toLocaleTimeString() : '')
            + '; refreshing every ' + (config.refreshMillis / 1000) + ' s'));
    }

    window.addEventListener('resize', function () {
        if (state.info) {
            draw();
        }
    });
    // Without a session in the URL, a single-session server shows the session DL4J's own pages
    // show (its "current session"), when it has movement records; else the most recent one.
    function initialSession() {
        if (state.session || config.multiSession) {
            return Promise.resolve();
        }
        return fetch('/train/sessions/current', {cache: 'no-store'}).then(function (r) {
            return r.ok ? r.text() : '';
        }).then(function (id) {
            return refreshSessions().then(function () {
                var known = state.sessions.some(function (s) {
                    return s.id === id;
                });
                if (id && known && id !== state.session) {
                    resetSession(id);
                    $('sessionSelect').value = id;
                }
            });
        }).catch(function () {
            // DL4J's TrainModule absent or not answering: keep the most recent session
        });
    }

    updateNav();
    initialSession().then(function () {
        poll();
        setInterval(poll, config.refreshMillis);
    });
})();
