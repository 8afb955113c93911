// libheif-js ships no types: the part photodesk uses (src/renditions/heic.ts). Its enums are embind objects,
// told apart by `value` (or by identity with the module's own).
declare module 'libheif-js/wasm-bundle.js' {
  export interface HeifEnum {
    value: number;
  }
  export interface HeifError {
    code: HeifEnum;
    subcode: HeifEnum;
    message: string;
  }
  /** An embind handle: opaque, released with heif_image_handle_release. */
  export type HeifImageHandle = { readonly __heifImageHandle: unique symbol };
  export type HeifContext = { readonly __heifContext: unique symbol };
  export interface HeifChannel {
    id: HeifEnum;
    width: number;
    height: number;
    stride: number;
    data: Uint8Array;
  }
  export interface HeifDecodedImage {
    image: unknown;
    width: number;
    height: number;
    channels: HeifChannel[];
  }
  export interface Libheif {
    ready: Promise<void>;
    heif_colorspace: { heif_colorspace_RGB: HeifEnum };
    heif_chroma: { heif_chroma_interleaved_RGBA: HeifEnum };
    heif_channel: { heif_channel_interleaved: HeifEnum };
    heif_context_alloc(): HeifContext;
    heif_context_free(context: HeifContext): void;
    heif_context_read_from_memory(context: HeifContext, bytes: Uint8Array): HeifError;
    heif_js_context_get_primary_image_handle(context: HeifContext): HeifImageHandle | HeifError;
    heif_js_decode_image2(handle: HeifImageHandle, colorspace: HeifEnum, chroma: HeifEnum): Promise<HeifDecodedImage | HeifError>;
    heif_image_release(image: unknown): void;
    heif_image_handle_release(handle: HeifImageHandle): void;
  }
  const libheif: Libheif;
  export default libheif;
}
