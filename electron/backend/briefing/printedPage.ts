/**
 * Facts of a printed briefing page that every printer shares (Chromium through playwright-core,
 * Electron's own window): free of any browser driver, so the app's bundle never pulls one in.
 */

/** CSS pixels per inch: the page is laid out in CSS px, paper is measured in inches. */
export const CSS_PX_PER_IN = 96;
/** A PNG briefing is a 300 dpi picture of the page. */
export const PNG_DPI = 300;

/** Page objects in a PDF Chromium wrote (`/Type /Page`, not `/Pages`). */
export function countPdfPages(pdf: Buffer): number {
  const m = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return m ? m.length : 0;
}
