@echo off
rem The frontera command on Windows: the app binary beside this file, run with a CLI subcommand
rem (docs/packaging.md). Waits for it and passes its exit code on.
start "" /b /wait "%~dp0Frontera.exe" %*
exit /b %ERRORLEVEL%
