#!/usr/bin/env bash
# Uses gilsweep the way the README tells a Swift user to: a new package outside
# this repository depends on it by path and on its GilsweepKernels product, and
# its main.swift is the README's Swift example, read from README.md so it cannot
# drift. Builds and runs it in release mode; fails on any error.
#
# Offline: the new package resolves gilsweep's own dependencies (swift-argument-
# parser) too. Each one this repository has already fetched into
# .build/repositories (make swift-build does) is given to it as a SwiftPM mirror,
# and the shared dependency cache is not used, so no network is needed and
# ~/.cache/org.swift.swiftpm is left alone. Before a first build it resolves
# from the network as usual.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/gilsweep-package-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
# SwiftPM leaves lock files named after the package in TMPDIR: keep them in $work.
mkdir "$work/tmp"
export TMPDIR="$work/tmp"

# The README's first ```swift block under "## Call the kernels from Swift".
example=$(awk '/^## Call the kernels from Swift/ { section = 1; next }
    section && /^## / { exit }
    section && /^```swift$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' "$repo/README.md")
if [[ $example != *"import GilsweepKernels"* ]]; then
    echo "check-swift-package: no Swift example importing GilsweepKernels in README.md's Swift section" >&2
    exit 1
fi

# A symlink named gilsweep: a path dependency's identity is its folder's name,
# and the README's `.product(name: "GilsweepKernels", package: "gilsweep")` is
# then checked as written, whatever this clone's folder is called.
ln -s "$repo" "$work/gilsweep"
mkdir -p "$work/readme-example/Sources/ReadmeExample"
printf '%s\n' "$example" >"$work/readme-example/Sources/ReadmeExample/main.swift"
cat >"$work/readme-example/Package.swift" <<'EOF'
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "readme-example",
    dependencies: [.package(path: "../gilsweep")],
    targets: [
        .executableTarget(
            name: "ReadmeExample",
            dependencies: [.product(name: "GilsweepKernels", package: "gilsweep")]
        ),
    ]
)
EOF

cd "$work/readme-example"
for fetched in "$repo"/.build/repositories/*/; do
    [[ -d $fetched ]] || continue
    origin=$(git -C "$fetched" config --get remote.origin.url) || continue
    swift package config set-mirror --original "$origin" --mirror "${fetched%/}"
done
swift build -c release --disable-dependency-cache
.build/release/ReadmeExample
echo "check-swift-package: the README's Swift example builds and runs in a package outside the repository"
