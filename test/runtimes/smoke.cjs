// The CommonJS build on each runtime: `require("zmtp")` from a project's node_modules, one PUSH → PULL
// message over tcp and over inproc. Prints one JSON line { frames: [...] }; run by runtimes.test.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS build is what this checks
const zmtp = require("zmtp");

async function roundTrip(endpoint) {
  const pull = new zmtp.Pull({ linger: 0 });
  const push = new zmtp.Push({ linger: 0 });
  try {
    await pull.bind(endpoint);
    push.connect(pull.lastEndpoint);
    await push.send(["required", endpoint.split(":")[0]]);
    return (await pull.receive()).map(String);
  } finally {
    push.close();
    pull.close();
  }
}

(async () => {
  const frames = [await roundTrip("tcp://127.0.0.1:*"), await roundTrip("inproc://smoke-cjs")];
  process.stdout.write(`${JSON.stringify({ frames })}\n`);
})().catch((error) => {
  process.stderr.write(`${String(error && error.stack ? error.stack : error)}\n`);
  process.exitCode = 1;
});
