/*
 * Minimal canvas charts for the Mean ODE page (dl4j-meanode): line charts (linear or log y) and
 * heatmaps with a colour bar. No dependencies, nothing fetched. Each chart writes the number of
 * records it shows into its canvas's data-records attribute and the number of plotted values
 * into data-points (read by the browser test and useful when inspecting the page).
 */
var MoCharts = (function () {
    'use strict';

    var PAD = {left: 64, right: 16, top: 14, bottom: 42};

    function setup(canvas) {
        var ratio = window.devicePixelRatio || 1;
        var w = canvas.clientWidth || 600;
        var h = canvas.clientHeight || 300;
        if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
            canvas.width = Math.round(w * ratio);
            canvas.height = Math.round(h * ratio);
        }
        var ctx = canvas.getContext('2d');
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.clearRect(0, 0, w, h);
        ctx.font = '11px sans-serif';
        return {ctx: ctx, w: w, h: h};
    }

    function finite(x) {
        return typeof x === 'number' && isFinite(x);
    }

    function niceTicks(lo, hi, n, integer) {
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / n)));
        if (integer && step < 1) {
            step = 1;
        }
        var err = (hi - lo) / n / step;
        if (err >= 7.5) {
            step *= 10;
        } else if (err >= 3.5) {
            step *= 5;
        } else if (err >= 1.5) {
            step *= 2;
        }
        var ticks = [];
        for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks;
    }

    function fmt(x) {
        if (x === 0) {
            return '0';
        }
        var a = Math.abs(x);
        if (a >= 1e4 || a < 1e-3) {
            return x.toExponential(1);
        }
        return String(+x.toPrecision(3));
    }

    function message(canvas, text) {
        var g = setup(canvas);
        g.ctx.fillStyle = '#888';
        g.ctx.textAlign = 'center';
        g.ctx.fillText(text, g.w / 2, g.h / 2);
    }

    function axes(g, x0, x1, y0, y1, xLabel, yLabel, logY, integerX) {
        var ctx = g.ctx;
        var pw = g.w - PAD.left - PAD.right;
        var ph = g.h - PAD.top - PAD.bottom;
        var sx = function (x) {
            return PAD.left + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * pw;
        };
        var sy = function (y) {
            var v = logY ? Math.log10(y) : y;
            return PAD.top + (1 - (y1 > y0 ? (v - y0) / (y1 - y0) : 0.5)) * ph;
        };
        ctx.strokeStyle = '#ccc';
        ctx.fillStyle = '#444';
        ctx.lineWidth = 1;
        ctx.textAlign = 'center';
        niceTicks(x0, x1, 6, integerX).forEach(function (t) {
            var px = sx(t);
            ctx.beginPath();
            ctx.moveTo(px, PAD.top + ph);
            ctx.lineTo(px, PAD.top + ph + 4);
            ctx.stroke();
            ctx.fillText(fmt(t), px, PAD.top + ph + 16);
        });
        ctx.textAlign = 'right';
        niceTicks(y0, y1, 5).forEach(function (t) {
            var py = PAD.top + (1 - (y1 > y0 ? (t - y0) / (y1 - y0) : 0.5)) * ph;
            ctx.strokeStyle = '#eee';
            ctx.beginPath();
            ctx.moveTo(PAD.left, py);
            ctx.lineTo(PAD.left + pw, py);
            ctx.stroke();
            ctx.fillText(logY ? fmt(Math.pow(10, t)) : fmt(t), PAD.left - 6, py + 4);
        });
        ctx.strokeStyle = '#888';
        ctx.strokeRect(PAD.left, PAD.top, pw, ph);
        ctx.textAlign = 'center';
        ctx.fillText(xLabel, PAD.left + pw / 2, g.h - 6);
        ctx.save();
        ctx.translate(12, PAD.top + ph / 2);
        ctx.rotate(-Math.PI / 2);
        ctx.fillText(yLabel, 0, 0);
        ctx.restore();
        return {sx: sx, sy: sy, pw: pw, ph: ph};
    }

    /**
     * series: [{name, color, xs, ys, width}], opts: {xLabel, yLabel, logY, integerX, records, empty, legendLimit}
     */
    function line(canvas, series, opts) {
        var logY = !!opts.logY;
        var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, points = 0;
        series.forEach(function (s) {
            for (var i = 0; i < s.xs.length; i++) {
                var y = s.ys[i];
                if (!finite(s.xs[i]) || !finite(y) || (logY && y <= 0)) {
                    continue;
                }
                var v = logY ? Math.log10(y) : y;
                x0 = Math.min(x0, s.xs[i]);
                x1 = Math.max(x1, s.xs[i]);
                y0 = Math.min(y0, v);
                y1 = Math.max(y1, v);
                points++;
            }
        });
        canvas.setAttribute('data-records', String(opts.records || 0));
        canvas.setAttribute('data-points', String(points));
        if (points === 0) {
            message(canvas, opts.empty || 'no data yet');
            return;
        }
        if (!logY) {
            y0 = Math.min(y0, 0);
        }
        if (y1 === y0) {
            y1 = y0 + (logY ? 1 : Math.max(1e-12, Math.abs(y0)));
        }
        if (x1 === x0) {
            x1 = x0 + 1;
        }
        var g = setup(canvas);
        var a = axes(g, x0, x1, y0, y1 + (y1 - y0) * 0.05, opts.xLabel, opts.yLabel, logY, !!opts.integerX);
        var ctx = g.ctx;
        series.forEach(function (s) {
            ctx.strokeStyle = s.color;
            ctx.lineWidth = s.width || 1.5;
            ctx.beginPath();
            var pen = false;
            for (var i = 0; i < s.xs.length; i++) {
                var y = s.ys[i];
                if (!finite(y) || (logY && y <= 0)) {
                    pen = false;
                    continue;
                }
                var px = a.sx(s.xs[i]), py = a.sy(y);
                if (pen) {
                    ctx.lineTo(px, py);
                } else {
                    ctx.moveTo(px, py);
                }
                pen = true;
            }
            ctx.stroke();
            if (s.xs.length === 1) {
                ctx.fillStyle = s.color;
                ctx.fillRect(a.sx(s.xs[0]) - 2, a.sy(s.ys[0]) - 2, 4, 4);
            }
        });
        var named = series.filter(function (s) {
            return s.name;
        }).slice(0, opts.legendLimit || 6);
        ctx.textAlign = 'left';
        named.forEach(function (s, i) {
            var ly = PAD.top + 12 + 14 * i;
            ctx.fillStyle = s.color;
            ctx.fillRect(PAD.left + 8, ly - 7, 14, 3);
            ctx.fillStyle = '#333';
            ctx.fillText(s.name, PAD.left + 26, ly - 2);
        });
    }

    function color(t) { // t in [0, 1]: light yellow -> orange -> dark purple
        var stops = [[255, 255, 204], [253, 141, 60], [189, 0, 38], [40, 0, 70]];
        var x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        var i = Math.min(stops.length - 2, Math.floor(x));
        var f = x - i;
        var c = [0, 1, 2].map(function (k) {
            return Math.round(stops[i][k] + f * (stops[i + 1][k] - stops[i][k]));
        });
        return 'rgb(' + c[0] + ',' + c[1] + ',' + c[2] + ')';
    }

    /**
     * Heatmap of values[col][row]: one column per record (x = iteration), one row per depth.
     * opts: {xs (iterations), ys (depths), xLabel, yLabel, empty}
     */
    function heatmap(canvas, values, opts) {
        var cols = values.length;
        var rows = cols ? values[0].length : 0;
        var lo = Infinity, hi = -Infinity, points = 0;
        values.forEach(function (col) {
            col.forEach(function (v) {
                if (finite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    points++;
                }
            });
        });
        canvas.setAttribute('data-records', String(cols));
        canvas.setAttribute('data-points', String(points));
        if (points === 0) {
            message(canvas, opts.empty || 'no data yet');
            return;
        }
        lo = Math.min(lo, 0);
        if (hi === lo) {
            hi = lo + 1e-12;
        }
        var g = setup(canvas);
        var barW = 46;
        var saveRight = PAD.right;
        PAD.right = saveRight + barW;
        var xs = opts.xs, ys = opts.ys;
        var a = axes(g, xs[0], xs[cols - 1], 0, 1, opts.xLabel, opts.yLabel, false, true);
        PAD.right = saveRight;
        var ctx = g.ctx;
        var cw = a.pw / cols, rh = a.ph / rows;
        for (var c = 0; c < cols; c++) {
            for (var r = 0; r < rows; r++) {
                var v = values[c][r];
                ctx.fillStyle = finite(v) ? color((v - lo) / (hi - lo)) : '#eee';
                ctx.fillRect(PAD.left + c * cw, PAD.top + a.ph - (r + 1) * rh, Math.ceil(cw), Math.ceil(rh));
            }
        }
        ctx.strokeStyle = '#888';
        ctx.strokeRect(PAD.left, PAD.top, a.pw, a.ph);
        // y ticks are depth-times s in [0, 1] of the rows: redraw labels over the axis.
        // colour bar
        var bx = g.w - barW + 4, bh = a.ph;
        for (var k = 0; k < 64; k++) {
            ctx.fillStyle = color(k / 63);
            ctx.fillRect(bx, PAD.top + bh - (k + 1) * bh / 64, 12, Math.ceil(bh / 64));
        }
        ctx.fillStyle = '#444';
        ctx.textAlign = 'left';
        ctx.fillText(fmt(hi), bx + 14, PAD.top + 8);
        ctx.fillText(fmt(lo), bx + 14, PAD.top + bh);
    }

    return {line: line, heatmap: heatmap, color: color, message: message};
})();
