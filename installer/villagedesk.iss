; Inno Setup 6 script for the Windows installer of the one-folder PyInstaller build.
; Build (docs/building-windows.md):  python installer\build_bundle.py   then   iscc installer\villagedesk.iss
; Output: dist\VillageDesk-Setup-<version>.exe
;
; Upgrade in place: the AppId never changes, so a newer installer finds the old install,
; offers the same folder, closes the running program and replaces the program files; the
; old _internal\ is removed first so no library of the old version lingers.
; The data is never the installer's: it lives in %LOCALAPPDATA%\VillageDesk (or, on a
; portable copy, in data\ beside VillageDesk.exe), is not listed below, and so the
; uninstaller leaves it — the ledger, keys and backups survive an uninstall. There is
; deliberately no [UninstallDelete] section.

; = villagedesk/__init__.py __version__ (tests/bundle/test_installer_script.py checks it)
#define AppVersion "0.1.0"
#define AppExe "VillageDesk.exe"

[Setup]
AppId={{6B1E2C7A-4F0D-4C55-9E43-1D7A2C5B9F10}
AppName=村务桌面 VillageDesk
AppVersion={#AppVersion}
AppVerName=村务桌面 {#AppVersion}
AppPublisher=VillageDesk
DefaultDirName={autopf}\VillageDesk
DefaultGroupName=村务桌面
UsePreviousAppDir=yes
UsePreviousGroup=yes
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=VillageDesk-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
; per-user install: an office PC's clerk is rarely an administrator
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=村务桌面 VillageDesk

[Languages]
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimp"; MessagesFile: "ChineseSimplified.isl"
#else
; ChineseSimplified.isl is an unofficial Inno Setup translation: put it beside this script
; (docs/building-windows.md); without it the installer's own texts are in English.
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[InstallDelete]
; the previous version's libraries (never data: that is not under {app}\_internal)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\VillageDesk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion; Excludes: "data\*,villagedesk-portable"

[Icons]
Name: "{group}\村务桌面"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载村务桌面"; Filename: "{uninstallexe}"
Name: "{autodesktop}\村务桌面"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动村务桌面"; Flags: nowait postinstall skipifsilent
