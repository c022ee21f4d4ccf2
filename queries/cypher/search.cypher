// title: Find entities by name
// description: Entities whose name or an alias contains the text, ignoring case; exact and prefix matches first.
// params: text, limit=50
// One scan of `search_text` (the name and aliases, lower-cased by the engine while projecting,
// one a line): cheaper than lower-casing every name and alias per query; Neo4j answers it from a
// text index.
MATCH (n:Entity)
WHERE n.search_text CONTAINS toLower($text)
WITH n, toLower(n.name) AS folded, toLower($text) AS text
RETURN n.id AS id, n.name AS name, n.kind AS kind,
       CASE WHEN folded = text THEN 0 WHEN folded STARTS WITH text THEN 1 ELSE 2 END AS rank
ORDER BY rank, name, id
LIMIT $limit
