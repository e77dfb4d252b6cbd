/** Bytes per base64 piece: a multiple of 3, so the pieces' encodings join without padding in between. */
const PIECE_BYTES = 3 * 64 * 1024;
/** Code units handed to String.fromCharCode at once; far below any engine's argument limit. */
const CALL_BYTES = 8 * 1024;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A file's bytes as base64, for `import:load`. Encoded piece by piece, yielding between pieces, so
 * a 50 MB file neither overflows the call stack (spreading it into one fromCharCode call would)
 * nor freezes the window, and `onProgress` can drive a progress bar (0..1).
 */
export async function readFileAsBase64(file: Blob, onProgress: (fraction: number) => void): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
    const piece = bytes.subarray(start, Math.min(start + PIECE_BYTES, bytes.length));
    let binary = '';
    for (let offset = 0; offset < piece.length; offset += CALL_BYTES) {
      binary += String.fromCharCode(...piece.subarray(offset, offset + CALL_BYTES));
    }
    pieces.push(btoa(binary));
    onProgress(Math.min(1, (start + piece.length) / bytes.length));
    await nextTask();
  }
  return pieces.join('');
}
