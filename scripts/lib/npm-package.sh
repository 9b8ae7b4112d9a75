# Sourced by the fetch scripts. npm_package NAME VERSION DIR: downloads an npm package's tarball from
# the registry, checks it against the registry's published sha512 and unpacks it into DIR (its files
# under DIR/package). Needs curl and openssl; exits the script with a message on any failure.
npm_package() {
  local name="$1" version="$2" dir="$3" meta integrity actual
  local url="https://registry.npmjs.org/$name/-/${name##*/}-$version.tgz"
  meta="$(curl -fsS "https://registry.npmjs.org/$name/$version")" \
    || { echo "$(basename "$0"): could not read $name $version from the npm registry" >&2; exit 1; }
  integrity="$(printf '%s' "$meta" | grep -o '"integrity": *"sha512-[^"]*"' | head -1 | sed 's/.*sha512-//; s/"$//')"
  [ -n "$integrity" ] || { echo "$(basename "$0"): the npm registry gave no sha512 for $name $version" >&2; exit 1; }
  mkdir -p "$dir"
  curl -fsS -o "$dir.tgz" "$url" || { echo "$(basename "$0"): could not download $url" >&2; exit 1; }
  actual="$(openssl dgst -sha512 -binary "$dir.tgz" | base64 -w0)"
  [ "$actual" = "$integrity" ] || { echo "$(basename "$0"): $url does not match the registry's sha512; not used" >&2; exit 1; }
  tar -xzf "$dir.tgz" -C "$dir"
}
