#!/usr/bin/env bash
# Sign Comptoir.app, pack it into a .dmg, sign and notarize the .dmg.
#
#   packaging/macos/build_dmg.sh [dist/Comptoir.app]      -> dist/Comptoir-<version>.dmg
#
# Signing and notarization are driven by the environment and skipped, with a message, when
# it does not provide them:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: <name> (<team>)", in the login keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   notarization (an app-specific password)
# An unsigned .dmg works for testing; Gatekeeper blocks it on other Macs (right-click > Open).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app="${1:-$root/dist/Comptoir.app}"
entitlements="$here/entitlements.plist"

[[ -d "$app" ]] || { echo "error: $app not found; build it with pyinstaller packaging/comptoir.spec" >&2; exit 1; }
version="$(/usr/libexec/PlistBuddy -c 'Print CFBundleShortVersionString' "$app/Contents/Info.plist")"
dmg="$root/dist/Comptoir-$version.dmg"
identity="${MACOS_SIGN_IDENTITY:-}"

sign() {  # sign [--entitlements FILE] PATH...
    codesign --force --timestamp --options runtime --sign "$identity" "$@"
}

if [[ -n "$identity" ]]; then
    echo "Signing $app as $identity"
    # Inside out: every Mach-O library and helper, then the frameworks, then the executables
    # with the entitlements, then the bundle. (codesign --deep does not apply entitlements
    # to nested code and is deprecated for signing.)
    while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then sign "$file"; fi
    done < <(find "$app/Contents/Frameworks" "$app/Contents/Resources" -type f -print0)
    while IFS= read -r -d '' framework; do
        sign "$framework"
    done < <(find "$app/Contents/Frameworks" -type d -name '*.framework' -print0)
    sign --entitlements "$entitlements" "$app/Contents/MacOS/pos-app-simulator"
    sign --entitlements "$entitlements" "$app/Contents/MacOS/pos-app"
    sign --entitlements "$entitlements" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
    # The signed app must still pass its self-test under the hardened runtime.
    QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/pos-app" --self-test
else
    echo "MACOS_SIGN_IDENTITY is not set: the app and the disk image stay unsigned."
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Comptoir" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [[ -n "$identity" ]]; then
    codesign --force --timestamp --sign "$identity" "$dmg"
fi

if [[ -n "$identity" && -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
    echo "Notarizing $dmg (this waits for Apple's answer)"
    xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
else
    echo "APPLE_ID, APPLE_TEAM_ID or APPLE_APP_PASSWORD is not set (or the app is unsigned):" \
        "notarization skipped."
fi
echo "Built $dmg"
