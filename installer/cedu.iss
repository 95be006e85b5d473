; Inno Setup 6 script: the Windows installer for the cedu client (installer/README.md).
; Compile after the PyInstaller build, from the repository root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\cedu.iss
; Installs for the current user, without administrator rights, into
; %LOCALAPPDATA%\Programs\cedu. The trainee's data (%LOCALAPPDATA%\cedu: journal,
; downloaded lessons, the bundled server's database) is kept unless they say otherwise
; when uninstalling.

#define AppName "cedu 建设行业继续教育"
#define AppPublisher "cedu team"
#define BundleDir "..\build\installer\dist\cedu"
#define AppExe "cedu-gui.exe"
; One source for the version: pyproject.toml -> the exe's version resource (written by
; the spec from installer/versioninfo.py) -> here. /DAppVersion=... overrides it.
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\cedu.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error Build the bundle first (pyinstaller installer\cedu.spec): cedu.exe has no version
#endif
; The Simplified Chinese wizard texts are one of Inno Setup 6's unofficial translations:
; put ChineseSimplified.isl beside this script (see README.md), or in Inno Setup's own
; Languages folder where a newer release ships it.
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseMessages "ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#else
  #error ChineseSimplified.isl not found: see installer\README.md, step 5
#endif

[Setup]
AppId={{6E0C5D0E-3B7A-4C2B-9B1E-2F6C1C0E5A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoCompany={#AppPublisher}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
VersionInfoCopyright=© {#AppPublisher}
; Per-user install: no UAC prompt, no administrator needed ({autopf} is then
; %LOCALAPPDATA%\Programs). Training centres may still run it elevated for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
DefaultDirName={autopf}\cedu
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=cedu-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The installer's own icon (the executables carry it too: cedu.spec).
SetupIconFile=..\resources\icons\cedu.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; A running client holds its files open: ask to close it.
CloseApplications=yes
ShowLanguageDialog=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  DataFolder = '{localappdata}\cedu';

// Uninstalling removes the program; the trainee's data goes only if they say so
// (unsent study records may still be in the journal). Silent uninstalls keep it.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  Folder := ExpandConstant(DataFolder);
  if not DirExists(Folder) or UninstallSilent then
    exit;
  if MsgBox('是否同时删除本机的学习数据？' + #13#10 + #13#10 +
            '包括尚未上传的学习记录和已下载的课程视频（' + Folder + '）。' + #13#10 +
            '如果以后还要在这台电脑上学习，请选择“否”。',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DelTree(Folder, True, True, True);
end;
