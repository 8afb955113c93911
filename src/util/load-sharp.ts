import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

/**
 * sharp, imported on first use. Reading a JPEG's or PNG's metadata never needs libvips, and loading it costs
 * about 80 ms of a command's start-up (`photodesk inspect`, `validate`), so the stages that only sometimes
 * need its header reader load it here.
 */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((m) => m.default);
  return loading;
}
