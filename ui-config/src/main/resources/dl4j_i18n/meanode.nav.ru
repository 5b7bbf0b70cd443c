# Adds the Mean ODE page to the sidebar of DL4J's training pages (see org.meanode.ui.dashboard.MeanOdeModule):
# DL4J renders this label unescaped inside the System link of the sidebar.
train.nav.system=Система</a></li><li class="nav-item"><a class="nav-link" href="meanode" id="meanode-nav"><i class="nav-icon cui-layers"></i>Mean ODE
