; (This file starts with a UTF-8 byte-order mark: Inno Setup reads it as UTF-8 only then.)
; Comptoir setup program (Inno Setup 6.3 or later): per-machine install into Program Files.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\comptoir.iss
;
; Input: the one-folder bundle dist\Comptoir\ built by packaging\comptoir.spec.
; Output: dist\installer\Comptoir-<version>-setup.exe.
;
; Signing: when the compiler gets /DSIGNTOOL and a sign tool named "comptoir"
; (iscc "/Scomptoir=signtool.exe sign /fd sha256 /tr <timestamp URL> /td sha256 /f <pfx> /p <password> $f"),
; the executables, the setup program and the uninstaller are signed. Without them the setup
; program is built unsigned (SmartScreen warns on first download). See docs/installing.md.
;
; Upgrades: a newer setup program with the same AppId installs over the old version in place,
; in the same folder. Nothing here touches per-user data (settings, stored key, journal, logs):
; those live in each user's profile and the Windows Credential Manager, never under {app}.

#ifndef DistDir
  #define DistDir "..\..\dist\Comptoir"
#endif
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(DistDir) + "pos-app.exe")
#endif
#ifdef SIGNTOOL
  #define SignFlag "sign"
#else
  #define SignFlag ""
#endif

#define AppName "Comptoir"
#define AppExe "pos-app.exe"
#define SimulatorExe "pos-app-simulator.exe"

[Setup]
; Never change AppId: Windows knows an installed Comptoir by it, and upgrades find it through it.
AppId={{6F1D2C3B-8E4A-4B7C-9D52-3A0E7C9B41F5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Comptoir
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and later.
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\icons\comptoir.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; A running Comptoir is closed (the cashier is asked first) before its files are replaced.
CloseApplications=yes
RestartApplications=no
#ifdef SIGNTOOL
SignTool=comptoir
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[CustomMessages]
english.SimulatorShortcut=Comptoir training simulator
french.SimulatorShortcut=Simulateur d'entraînement Comptoir
english.LeftBehind=Comptoir was removed from this computer.%n%nTo keep sales and settings safe across a reinstall, each Windows user's own Comptoir data was left in place:%n%n- settings and the saved reader: AppData\Roaming\Comptoir\Comptoir.ini%n- sales journal and logs: AppData\Roaming\Comptoir\Comptoir%n- the Stripe key: Windows Credential Manager, generic credential "Comptoir"%n%nDelete them by hand to remove every trace (keep the journal if you may need your sales records).
french.LeftBehind=Comptoir a été désinstallé de cet ordinateur.%n%nPour que les ventes et les réglages survivent à une réinstallation, les données Comptoir de chaque utilisateur Windows ont été laissées en place :%n%n- réglages et lecteur enregistré : AppData\Roaming\Comptoir\Comptoir.ini%n- journal des ventes et journaux d'activité : AppData\Roaming\Comptoir\Comptoir%n- la clé Stripe : Gestionnaire d'identification Windows, identifiant générique « Comptoir »%n%nSupprimez-les à la main pour tout effacer (gardez le journal si vous pouvez avoir besoin de vos ventes).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: libraries the new version no longer ships must not
; linger next to the new ones. Only the program folder is touched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion {#SignFlag}
Source: "{#DistDir}\{#SimulatorExe}"; DestDir: "{app}"; Flags: ignoreversion {#SignFlag}
Source: "{#DistDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:SimulatorShortcut}"; Filename: "{app}\{#SimulatorExe}"; Parameters: "--seed"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(ExpandConstant('{cm:LeftBehind}'), mbInformation, MB_OK);
end;
