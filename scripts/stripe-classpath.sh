# Sourced by scripts/fault-tests.sh and bench/run.sh: their event signers use stripe-java, Stripe's own
# signature scheme. stripe_classpath <repo root> prints the classpath of stripe-java and gson exactly as this
# project's build resolves them (downloading them if needed), so no script pins their versions.
stripe_classpath() {
  local root=$1 file="$1/target/stripe-classpath.txt"
  mkdir -p "$root/target"
  (cd "$root" && ./mvnw -q -B -ntp dependency:build-classpath -DincludeArtifactIds=stripe-java,gson \
    -Dmdep.outputFile="$file" >&2)
  cat "$file"
}
