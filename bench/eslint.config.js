import root from '../eslint.config.js';

export default [
  ...root,
  {
    // The bench is a tool, not the product: it starts processes and passes them their environment directly.
    files: ['src/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
