// Finds English sentences in Japanese text: three or more consecutive plain English words once
// commands, identifiers, CIDRs and product names are set aside.

/** Product and feature names kept in English on the Japanese Microsoft Learn pages. */
export const PRODUCT_NAMES: readonly string[] = [
  'Azure CNI powered by Cilium', 'Azure Kubernetes Service RBAC', 'Azure Kubernetes Service', 'Azure Network Policy Manager',
  'Azure Resource Manager', 'Azure CNI', 'Azure NPM', 'Application Gateway', 'Windows Server', 'ExpressRoute', 'Microsoft Teams',
  'Kubernetes', 'NetworkPolicy', 'PodDisruptionBudget', 'LoadBalancer', 'Cilium', 'Calico', 'RFC',
];

const COMMAND = /\b(?:az|kubectl|netpilot) [^\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]*/g;
/** Azure's own message, quoted verbatim and labelled as the original (原文) by the Japanese catalogues, up to the line's end. */
const QUOTED_ORIGINAL = /(?:（原文）: |原文: |（英語の原文）)[^\n]*/g;
const PLAIN_WORD = /^[A-Za-z][a-z]*$/;

/** The English word runs (3+ plain words in a row) left in `text` after allowed names and commands are removed. */
export function englishSentences(text: string): string[] {
  let rest = text.replace(QUOTED_ORIGINAL, ' ').replace(COMMAND, ' ');
  for (const name of PRODUCT_NAMES) rest = rest.split(name).join(' ');
  const found: string[] = [];
  for (const chunk of rest.split(/[^A-Za-z0-9 ,'.\-/_:%]+/)) {
    let run: string[] = [];
    const flush = (): void => {
      if (run.length >= 3) found.push(run.join(' '));
      run = [];
    };
    for (const token of chunk.split(/[ ,]+/)) {
      const word = token.replace(/[.:]$/, '');
      if (PLAIN_WORD.test(word)) run.push(word);
      else flush();
    }
    flush();
  }
  return found;
}
