#!/usr/bin/env bash
# The Spark tests (tests/test_spark.py) need a Java runtime; pyspark 4.0 runs on Java 17.
set -eu
if command -v java >/dev/null || { [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; }; then
  exit 0
fi
pkgs="openjdk-17-jre-headless"
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
else
  echo "note: install $pkgs (Debian/Ubuntu) to run the Spark tests; they are skipped without Java (outside CI)" >&2
fi
