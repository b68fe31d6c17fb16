; Inno Setup script for the Windows installer of the one-folder PyInstaller build.
; Build: pyinstaller installer/villagedesk.spec, then iscc installer/villagedesk.iss
[Setup]
AppName=村务桌面 VillageDesk
AppVersion=0.1.0
AppPublisher=VillageDesk
DefaultDirName={autopf}\VillageDesk
DefaultGroupName=村务桌面
OutputBaseFilename=VillageDesk-Setup-0.1.0
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\VillageDesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\村务桌面"; Filename: "{app}\VillageDesk.exe"
Name: "{autodesktop}\村务桌面"; Filename: "{app}\VillageDesk.exe"

[Run]
Filename: "{app}\VillageDesk.exe"; Description: "启动村务桌面"; Flags: nowait postinstall skipifsilent
