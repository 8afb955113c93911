// exifr's ES module build: the same full build as the package's `main` (a UMD file), which Node loads through
// its CommonJS lexer in twice the time (start-up: about 40 ms against 25).
declare module 'exifr/dist/full.esm.mjs' {
  import exifr from 'exifr';
  export default exifr;
}
