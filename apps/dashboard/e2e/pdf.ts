import { readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { Download } from 'playwright-core';

/** A downloaded PDF: its first five bytes (`%PDF-` for a PDF) and its text, each run of white space one space. */
export async function downloadedPdf(download: Download): Promise<{ header: string; text: string }> {
  const file = await readFile((await download.path())!);
  const parser = new PDFParse({ data: new Uint8Array(file) });
  try {
    return {
      header: file.subarray(0, 5).toString(),
      text: (await parser.getText()).text.replace(/\s+/g, ' '),
    };
  } finally {
    await parser.destroy();
  }
}
