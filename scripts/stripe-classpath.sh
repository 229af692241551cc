# Sourced by scripts/fault-tests.sh and bench/run.sh: their event signers use stripe-java, Stripe's own
# signature scheme. stripe_classpath <repo root> [more artifact ids, comma-separated] prints the classpath of
# stripe-java and gson (and of the others named, e.g. HdrHistogram for the bench's load generator) exactly as this
# project's build resolves them (downloading them if needed), so no script pins their versions.
stripe_classpath() {
  local root=$1 artifacts="stripe-java,gson${2:+,$2}"
  local file="$root/target/classpath-${artifacts//,/-}.txt"
  mkdir -p "$root/target"
  (cd "$root" && ./mvnw -q -B -ntp dependency:build-classpath -DincludeArtifactIds="$artifacts" \
    -Dmdep.outputFile="$file" >&2)
  cat "$file"
}
