// @ts-check
'use strict';
/**
 * What the bundle takes from fast-xml-parser: the parser only. The package's main file also loads
 * its XML builder, which the extension never uses (webpack.config.js aliases the package here).
 */
// @ts-expect-error -- the package has types for its main file only
module.exports = { XMLParser: require('fast-xml-parser/src/xmlparser/XMLParser.js') };
