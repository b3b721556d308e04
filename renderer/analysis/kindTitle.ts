/** An analysis kind's short name in the app's language: its tool's title ("Hot spots (Gi*)"); an unknown kind as stored. */
import type { TFunction } from 'i18next';

export const kindTitle = (kind: string, t: TFunction): string => t(`tools.${kind}.title`, { defaultValue: kind });
