const PLACEHOLDER = /\{([^{}]+)\}/g;

/**
 * Fills `{name}` placeholders in a content template. A placeholder without a value is a bug in
 * the code that calls it (content templates are checked at start), so it throws.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for ${whole} in a content template`);
    return value;
  });
}
