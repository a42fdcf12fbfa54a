// @ts-check
'use strict';

const path = require('path');

/**
 * dist/extension.js for VS Code's Node extension host, plus lazy chunks in dist/chunks/ (loaded
 * with require() on first use: commands, the OSS client, node-fetch, the XML parser...).
 * The main chunk has a budget of 300 KB (test/unit/bundleBudget.test.ts).
 * Production: minified with a hidden source map (no sourceMappingURL in the bundle).
 * Development: readable, with a normal source map.
 * @param {unknown} _env
 * @param {{ mode?: 'production' | 'development' | 'none' }} argv
 * @returns {import('webpack').Configuration}
 */
module.exports = (_env, argv) => {
  const production = argv.mode === 'production';
  return {
    target: 'node20',
    mode: production ? 'production' : 'development',
    entry: './src/extension.ts',
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: 'extension.js',
      chunkFilename: 'chunks/[name].js',
      libraryTarget: 'commonjs2',
      clean: { keep: /\.vsix$/ },
    },
    devtool: production ? 'hidden-source-map' : 'source-map',
    externals: { vscode: 'commonjs vscode' },
    resolve: {
      extensions: ['.ts', '.js'],
      // Lazy imports name the compiled file (`import('./x.js')`, as tsc's node16 resolution wants).
      extensionAlias: { '.js': ['.ts', '.js'] },
      alias: {
        // fetch-blob (under node-fetch, which src/ no longer imports) falls back to this 200 KB
        // polyfill only when globalThis.ReadableStream is missing; every Node that VS Code 1.90+ ships has it.
        'web-streams-polyfill/dist/ponyfill.es2018.js': false,
        'fast-xml-parser$': path.resolve(__dirname, 'scripts/lib/fastXmlParserOnly.js'),
      },
    },
    module: {
      rules: [
        // The core's index.ts files only re-export: an import through one pulls in only what it names.
        { test: /[\\/]src[\\/]core[\\/].*index\.ts$/, sideEffects: false },
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: [
            {
              loader: 'ts-loader',
              options: {
                configFile: 'tsconfig.json',
                onlyCompileBundledFiles: true,
                // Let webpack see ES modules (dynamic import of ESM-only node-fetch included).
                compilerOptions: { module: 'es2022', moduleResolution: 'bundler', sourceMap: true },
              },
            },
          ],
        },
      ],
    },
    optimization: {
      minimize: production,
      splitChunks: { chunks: 'async', minSize: 2000, maxAsyncRequests: Infinity },
    },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    stats: 'minimal',
  };
};
