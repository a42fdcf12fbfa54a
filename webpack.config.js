// @ts-check
'use strict';

const path = require('path');
const webpack = require('webpack');

/**
 * One bundle, dist/extension.js, for VS Code's Node extension host.
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
      libraryTarget: 'commonjs2',
      clean: { keep: /\.vsix$/ },
    },
    devtool: production ? 'hidden-source-map' : 'source-map',
    externals: { vscode: 'commonjs vscode' },
    resolve: {
      extensions: ['.ts', '.js'],
      // A lazy `import('./x.js')` (node16 resolution wants the extension) names the .ts source.
      extensionAlias: { '.js': ['.ts', '.js'] },
      alias: {
        // fetch-blob (under node-fetch, which src/ no longer imports) falls back to this 200 KB
        // polyfill only when globalThis.ReadableStream is missing; every Node that VS Code 1.90+ ships has it.
        'web-streams-polyfill/dist/ponyfill.es2018.js': false,
      },
    },
    module: {
      rules: [
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
    plugins: [
      // One file: any dynamic import() stays in the single bundle.
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
    ],
    optimization: { minimize: production },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    stats: 'minimal',
  };
};
