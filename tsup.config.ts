import path from "node:path";
import { defineConfig, type Options } from "tsup";
import { browserBuild } from "./browser.config.js";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * `zmtp/v5-compat` runs over the package's own entry: its imports of `../index.js` stay imports of the built
 * entry of the same format (dist/index.js, dist/index.cjs), so that a program loading both shares one copy of
 * zmtp (one inproc registry, one default context) instead of the compat bundle carrying a second one.
 */
const v5CompatUsesTheEntry: EsbuildPlugin = {
  name: "v5-compat-uses-the-package-entry",
  setup(build) {
    // With code splitting, tsup has esbuild write the CommonJS build as ES modules and converts it after: the
    // output's extension, not esbuild's format, says which entry to link against.
    const { format, outExtension } = build.initialOptions;
    const entry = format === "cjs" || outExtension?.[".js"] === ".cjs" ? "../index.cjs" : "../index.js";
    const compatDir = `${path.sep}src${path.sep}v5-compat${path.sep}`;
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      args.importer.includes(compatDir) ? { path: entry, external: true } : undefined,
    );
  },
};

export default defineConfig([{
  entry: { index: "src/index.ts", draft: "src/draft.ts", "v5-compat/index": "src/v5-compat/index.ts" },
  format: ["esm", "cjs"],
  // `zmtp/draft` (src/draft.ts) adds socket classes built on zmtp's internals (SocketBase, pipes, options…),
  // which must be the very modules the main entry runs on (one inproc registry, one default context, one
  // ZmqError class): the two entries share one chunk holding the whole library, under a fixed name. (Its
  // declarations are split the same way, into index-<hash>.d.ts, which both entries' declarations import.)
  splitting: true,
  esbuildOptions(options) {
    options.chunkNames = "internal/zmtp";
  },
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  // @noble/curves and @noble/ciphers (CURVE's crypto) ship only as ES modules, which require() cannot load
  // before Node.js 20.19: both builds carry the few functions of theirs that CURVE uses.
  noExternal: [/^@noble\//],
  esbuildPlugins: [v5CompatUsesTheEntry],
}, {
  // The `browser` condition of `zmtp` (dist/browser/index.js): the same entry for a page, no Node built-ins
  // in it (browser.config.ts). Its types are the main entry's.
  entry: { "browser/index": "src/index.ts" },
  format: ["esm"],
  platform: "browser",
  target: browserBuild.target,
  sourcemap: true,
  clean: false,
  dts: false,
  noExternal: [/./],
  inject: browserBuild.inject,
  esbuildPlugins: browserBuild.plugins,
}]);
