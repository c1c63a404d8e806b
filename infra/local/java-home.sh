# Sourced by ./mvnw and ./securecart: SecureCart needs JDK 21+, while some machines default to an older JDK.
# If JAVA_HOME (or the java on PATH) is older than 21, pick the newest JDK 21+ under /usr/lib/jvm or
# /Library/Java/JavaVirtualMachines, and export it as JAVA_HOME. It never downgrades a suitable JDK.

securecart_java_major() { # $1: path to a java binary
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

securecart_select_jdk() {
  local current="${JAVA_HOME:+$JAVA_HOME/bin/java}"
  [ -n "$current" ] || current="$(command -v java 2>/dev/null || true)"
  if [ -n "$current" ] && [ -x "$current" ]; then
    local major; major="$(securecart_java_major "$current")"
    if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then return 0; fi
  fi
  local best="" best_major=0 home major
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/javac" ] || continue
    major="$(securecart_java_major "$home/bin/java")"
    major="${major%%.*}"
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then
    export JAVA_HOME="$best"
  else
    echo "SecureCart needs a JDK 21 or newer (found: ${current:-no java}). Install one, e.g. 'apt-get install temurin-21-jdk' or https://adoptium.net, and set JAVA_HOME." >&2
    return 1
  fi
}

securecart_select_jdk
