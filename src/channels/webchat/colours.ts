/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const WHITE = '#ffffff';
const NEAR_BLACK = '#0b0c0c';

/** WCAG AA for normal text. */
const READABLE_TEXT_CONTRAST = 4.5;

/**
 * The school's colour where it is text on white (choice buttons, the send button), if it is
 * readable there; near-black if it is too pale.
 */
export function inkOnWhite(colour: string): string {
  return contrastRatio(colour, WHITE) >= READABLE_TEXT_CONTRAST ? colour : NEAR_BLACK;
}

/** White or near-black, whichever reads better on the school's colour. */
export function textColourOn(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, NEAR_BLACK) ? WHITE : NEAR_BLACK;
}
