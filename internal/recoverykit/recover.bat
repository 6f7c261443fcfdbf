@echo off
rem recover.bat runs the DBackup Recovery Kit's restore script (dbackup-recover.js, next to
rem this file) with Node.js on Windows. Double-click it to choose a backup interactively, or
rem run it from a command prompt with the same arguments as the script (recover.bat --help).
setlocal
where node >nul 2>nul
if errorlevel 1 goto nonode
node -e "process.exit(Number(process.versions.node.split('.')[0]) >= 18 ? 0 : 1)"
if errorlevel 1 goto oldnode
node "%~dp0dbackup-recover.js" %*
set rc=%errorlevel%
if "%~1"=="" pause
exit /b %rc%

:oldnode
echo recover.bat: this Node.js is too old; the Recovery Kit needs Node.js 18 or later.
goto help
:nonode
echo recover.bat: node is not installed or not on your PATH.
:help
echo   Install Node.js 18 or later from https://nodejs.org/en/download (or: winget install OpenJS.NodeJS.LTS),
echo   then open a new command prompt. Without Node.js, use dbackup.exe instead: see README.md.
if "%~1"=="" pause
exit /b 1
