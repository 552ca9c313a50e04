// Limits the dashboard shows as well as enforces: no imports, so web/ can take them from here
// instead of keeping a copy that drifts (it once counted the prompt to 1,000 against the API's 2,000).

/** The optimizer's free-text instructions, in UTF-16 code units as `String.length` counts them. */
export const MAX_PROMPT_CHARS = 2000;
