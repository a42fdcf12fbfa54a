/** Paste- and drop-to-upload: keys from templates and links in the document's language. */
export * from './keyTemplate';
export * from './markup';
