/** An analysis kind's short name in the app's language ("Hot spots (Gi*)"); an unknown kind as stored. */
import type { TFunction } from 'i18next';

export const kindTitle = (kind: string, t: TFunction): string => t(`kinds.${kind}`, { defaultValue: kind });
