// heic-decode 2.x ships no types: the part photodesk uses.
declare module 'heic-decode' {
  export interface DecodedImage {
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }
  export default function decode(input: { buffer: ArrayBufferLike | Uint8Array }): Promise<DecodedImage>;
}
