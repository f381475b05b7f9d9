/**
 * Which county a feed file serves: a file belongs to the county that loaded it, or to every county when its area is
 * '' (older command-line feeds). Apart from feeds.ts so that the readers of feed records elsewhere (the employment
 * wage records) share the rule without importing the feed loader, which calls them.
 */
import { sql, type SQL } from 'drizzle-orm';

/** SQL: a feed file or record of area `feedArea` applies to a member or household of area `memberArea` (same county, or a feed of every county). */
export function appliesToMember(feedArea: SQL, memberArea: SQL): SQL {
  return sql`(${feedArea} = '' or ${memberArea} like ${feedArea} || '%')`;
}
