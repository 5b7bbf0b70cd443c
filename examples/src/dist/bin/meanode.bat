@echo off
rem Launcher of the dl4j-meanode command-line tool: bin\meanode [command] [options]
rem (bin\meanode help lists the commands). JVM options go in JAVA_OPTS; the JVM is
rem %JAVA_HOME%\bin\java.exe if JAVA_HOME is set, else java from the PATH.
rem ND4J's OpenMP threads spin-wait between operations unless OMP_WAIT_POLICY says otherwise,
rem which slows the direct-BLAS kernel; the runtime reads it once, when ND4J loads, so it is set
rem here unless you set it yourself. The native libraries in lib\ are those of the platform the
rem distribution was built for (-Djavacpp.platform=windows-x86_64 for Windows).
setlocal
if not defined OMP_WAIT_POLICY set "OMP_WAIT_POLICY=PASSIVE"
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA_CMD=%JAVA_HOME%\bin\java.exe") else (set "JAVA_CMD=java")
rem JVM options every run needs (conf\jvm.config, one per line), then the user's JAVA_OPTS.
set "JVM_CONFIG="
if exist "%APP_HOME%\conf\jvm.config" for /f "usebackq eol=# delims=" %%a in ("%APP_HOME%\conf\jvm.config") do call set "JVM_CONFIG=%%JVM_CONFIG%% %%a"
"%JAVA_CMD%" %JVM_CONFIG% %JAVA_OPTS% -cp "%APP_HOME%\lib\*" org.meanode.examples.MeanOdeCli %*
exit /b %ERRORLEVEL%
