// title: Find entities by name
// description: Entities whose name or an alias contains the text, ignoring case; exact and prefix matches first.
// params: text, limit=50
MATCH (n:Entity)
WHERE toLower(n.name) CONTAINS toLower($text) OR any(alias IN n.aliases WHERE toLower(alias) CONTAINS toLower($text))
RETURN n.id AS id, n.name AS name, n.kind AS kind,
       CASE WHEN toLower(n.name) = toLower($text) THEN 0 WHEN toLower(n.name) STARTS WITH toLower($text) THEN 1 ELSE 2 END AS rank
ORDER BY rank, name, id
LIMIT $limit
