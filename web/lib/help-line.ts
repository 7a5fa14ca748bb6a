/**
 * The department's help line, in every page's footer and in the privacy notice. The operator
 * sets VITE_HELP_PHONE when building the pages (README); without it, the number the manual gives.
 */
const configured: unknown = import.meta.env.VITE_HELP_PHONE;

export const HELP_PHONE = typeof configured === 'string' && configured.trim() ? configured.trim() : '02-032-2636';

/** The same number for a tel: link (digits and a leading + only). */
export const HELP_PHONE_TEL = `tel:${HELP_PHONE.replace(/[^\d+]/g, '')}`;
