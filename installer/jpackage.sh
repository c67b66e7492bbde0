#!/usr/bin/env bash
# Builds the Inversion Workbench with jpackage: "app-image" (a folder with its own Java runtime) or
# "deb" (a Debian package made from that image). Called by `mvn -Pinstaller package`; the inputs
# come from the environment the pom sets.
set -euo pipefail
type="$1"
: "${INSTALLER_INPUT:?}" "${INSTALLER_DEST:?}" "${INSTALLER_VERSION:?}" "${APP_JAR:?}"

common=(--name invwb --app-version "$INSTALLER_VERSION" --vendor "Inversion Workbench"
        --description "Privacy attacks on federated learning: stage a round, invert, measure.")

case "$type" in
  app-image)
    rm -rf "$INSTALLER_DEST/invwb"
    # The runtime is jlink'ed from this JDK; JavaFX and libtorch travel as jars on the class path.
    # Runs, settings and the unpacked native library go to the user's home, never into the image:
    # invwb.home only tells the program where its sample projects are.
    jpackage --type app-image "${common[@]}" --dest "$INSTALLER_DEST" \
      --input "$INSTALLER_INPUT" --main-jar "$APP_JAR" --main-class org.invwb.app.cli.Main \
      --java-options '-Dai.djl.offline=true' \
      --java-options '-Dinvwb.home=$APPDIR' \
      --java-options '-Xss4m' \
      --jlink-options '--strip-debug --no-header-files --no-man-pages --strip-native-commands'
    ;;
  deb)
    command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null || {
      echo "building a .deb needs dpkg-deb and fakeroot (apt-get install dpkg-dev fakeroot)" >&2; exit 1; }
    jpackage --type deb "${common[@]}" --dest "$INSTALLER_DEST" \
      --app-image "$INSTALLER_DEST/invwb" --linux-shortcut --linux-menu-group Science \
      --linux-app-category science
    ;;
  *)
    echo "usage: jpackage.sh app-image|deb" >&2; exit 2 ;;
esac
