/**
 * Types for the small part of @microsoft/bf-lu (the Bot Framework's own LU parser, a dev
 * dependency) that the export tests use to read a .lu file back.
 */
declare module '@microsoft/bf-lu' {
  export interface LuisJson {
    intents: Array<{ name: string }>;
    utterances: Array<{ text: string; intent: string; entities: unknown[] }>;
    patterns: Array<{ pattern: string; intent: string }>;
    /** List entities: one sub-list per normalised value. */
    closedLists: Array<{ name: string; subLists: Array<{ canonicalForm: string; list: string[] }> }>;
  }

  export interface ParsedLuFile {
    LUISJsonStructure: LuisJson;
  }

  export const parser: {
    parseFile(fileContent: string, log: boolean, locale: string): Promise<ParsedLuFile>;
  };
}

declare module '@microsoft/bf-lu/lib/parser/lufile/luParser' {
  interface Diagnostic {
    toString(): string;
  }
  interface LuSection {
    SectionType: string;
    Name?: string;
    ModelInfo?: string;
  }
  const luParser: { parse(text: string): { Sections: LuSection[]; Errors: Diagnostic[] } };
  export = luParser;
}
