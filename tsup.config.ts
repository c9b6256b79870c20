import path from "node:path";
import { defineConfig, type Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * `zmtp/v5-compat` runs over the package's own entry: its imports of `../index.js` stay imports of the built
 * entry of the same format (dist/index.js, dist/index.cjs), so that a program loading both shares one copy of
 * zmtp (one inproc registry, one default context) instead of the compat bundle carrying a second one.
 */
const v5CompatUsesTheEntry: EsbuildPlugin = {
  name: "v5-compat-uses-the-package-entry",
  setup(build) {
    const entry = build.initialOptions.format === "cjs" ? "../index.cjs" : "../index.js";
    const compatDir = `${path.sep}src${path.sep}v5-compat${path.sep}`;
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      args.importer.includes(compatDir) ? { path: entry, external: true } : undefined,
    );
  },
};

export default defineConfig({
  entry: { index: "src/index.ts", "v5-compat/index": "src/v5-compat/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // @noble/curves and @noble/ciphers (CURVE's crypto) ship only as ES modules, which require() cannot load
  // before Node.js 20.19: both builds carry the few functions of theirs that CURVE uses.
  noExternal: [/^@noble\//],
  esbuildPlugins: [v5CompatUsesTheEntry],
});
