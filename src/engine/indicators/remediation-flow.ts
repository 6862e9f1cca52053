/**
 * Listed remediation (挂牌整治) of a region: listed by the committee of a region above it with goals and a
 * deadline; progress recorded (listed -> in-progress); the deadline extended once it has passed
 * (-> overdue-extended); lifted with the goals met or not and a reason (-> lifted, final). Pure.
 *
 *   listed --progress--> in-progress --progress--> in-progress
 *     |                      |
 *     +--extend (deadline passed)--> overdue-extended --progress/extend--> overdue-extended
 *     +--lift--> lifted <--lift-- (from any state but lifted)
 */
export const REMEDIATION_STATES = ['listed', 'in-progress', 'overdue-extended', 'lifted'] as const;
export type RemediationState = (typeof REMEDIATION_STATES)[number];
export const REMEDIATION_ACTIONS = ['progress', 'extend', 'lift'] as const;
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];

export const isFinalRemediation = (s: RemediationState): boolean => s === 'lifted';

/**
 * The state after an action, or null when the action is not allowed in that state. `deadlinePassed`: the listing's
 * deadline (a civil day) is before today — only then may it be extended.
 */
export function nextRemediationState(state: RemediationState, action: RemediationAction, deadlinePassed: boolean): RemediationState | null {
  if (isFinalRemediation(state)) return null;
  switch (action) {
    case 'progress':
      return state === 'listed' ? 'in-progress' : state;
    case 'extend':
      return deadlinePassed ? 'overdue-extended' : null;
    case 'lift':
      return 'lifted';
  }
}

/** Who takes an action: listing, extending and lifting are the listing committee's (a region above); progress the listed region's own committee or one above. */
export function actionNeedsHigherRegion(action: RemediationAction | 'list'): boolean {
  return action !== 'progress';
}
