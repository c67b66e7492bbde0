#!/usr/bin/env bash
# Runs the packaged launcher as a user would, with no Java on the PATH and a fresh home folder: the
# version line, then a short sample run. The run folder and the unpacked libtorch must land in that
# home, and nothing may be written inside the image.
set -euo pipefail
image="$1"
launcher="$image/bin/invwb"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
touch "$home/.started"

# user.home follows HOME here (Java otherwise reads it from the password database)
as_user() {
  env -i HOME="$home" PATH="$home/no-java-here" JAVA_TOOL_OPTIONS="-Duser.home=$home" "$launcher" "$@"
}

version="$(as_user --version 2>/dev/null)"
echo "$version"
grep -q '^invwb ' <<<"$version" || { echo "smoke test: --version printed no version line" >&2; exit 1; }

sample="$image/lib/app/sample-projects/gradient/idlg.json"
[ -f "$sample" ] || { echo "smoke test: $sample is missing from the image" >&2; exit 1; }
as_user run "$sample" --set parameters.iterations=3 --out "$home/invwb-runs/smoke"
grep -q '"status" *: *"done"' "$home/invwb-runs/smoke/report.json" \
  || { echo "smoke test: the sample run did not finish" >&2; exit 1; }
[ -d "$home/.cache/invwb/djl" ] || { echo "smoke test: libtorch was not unpacked into the user's cache" >&2; exit 1; }
if find "$image" -newer "$home/.started" | grep -q .; then
  echo "smoke test: the run wrote inside the installed image:" >&2
  find "$image" -newer "$home/.started" >&2
  exit 1
fi
echo "smoke test passed: $launcher"
