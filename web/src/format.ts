/** Display formats shared by the pages. */
import dayjs from 'dayjs';

/** Stored fen as yuan with two decimals. */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : (fen / 100).toFixed(2));

export const dateTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
