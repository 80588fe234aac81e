/**
 * Answers shaped exactly like the services' documented responses (LUIS prediction API v3 with
 * verbose=true and show-all-intents=false; CLU analyze-conversations 2023-04-01 for a Conversation
 * project), with the product's intents in them.
 */

/** LUIS v3: a top intent with a list entity (its canonical form) and its $instance. */
export const LUIS_RECORDED = {
  query: 'my son in year 7 wont go to school',
  prediction: {
    topIntent: 'signpost.attendance',
    intents: { 'signpost.attendance': { score: 0.9412 } },
    entities: {
      yearGroup: [['year7']],
      $instance: {
        yearGroup: [
          {
            type: 'yearGroup',
            text: 'year 7',
            startIndex: 10,
            length: 6,
            modelTypeId: 5,
            modelType: 'List Entity Extractor',
            recognitionSources: ['model'],
          },
        ],
      },
    },
  },
};

/** CLU: the same message, with every intent's score and the list entity's key. */
export const CLU_RECORDED = {
  kind: 'ConversationResult',
  result: {
    query: 'my son in year 7 wont go to school',
    prediction: {
      topIntent: 'signpost.attendance',
      projectKind: 'Conversation',
      intents: [
        { category: 'signpost.attendance', confidenceScore: 0.9412 },
        { category: 'signpost.behaviour', confidenceScore: 0.0311 },
        { category: 'None', confidenceScore: 0 },
      ],
      entities: [
        {
          category: 'yearGroup',
          text: 'year 7',
          offset: 10,
          length: 6,
          confidenceScore: 1,
          extraInformation: [{ extraInformationKind: 'ListKey', key: 'year7' }],
        },
      ],
    },
  },
};

/** What both recorded answers mean, in the port's shape (less `source`). */
export const RECORDED_RECOGNITION = {
  intent: 'signpost.attendance',
  score: 0.9412,
  entities: [{ type: 'yearGroup', value: 'year7', text: 'year 7' }],
};

export function luisAnswer(query: string, intent: string, score: number): unknown {
  return { query, prediction: { topIntent: intent, intents: { [intent]: { score } }, entities: {} } };
}

export function cluAnswer(query: string, intent: string, score: number): unknown {
  return {
    kind: 'ConversationResult',
    result: {
      query,
      prediction: {
        topIntent: intent,
        projectKind: 'Conversation',
        intents: [
          { category: intent, confidenceScore: score },
          { category: 'None', confidenceScore: 0 },
        ],
        entities: [],
      },
    },
  };
}
