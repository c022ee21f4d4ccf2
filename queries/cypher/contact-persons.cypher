// title: Contact persons
// description: People who are contacts for, or work for, a project or organisation (its name or an alias), with their title, e-mail and phone.
// params: name, limit=100
// The lookup first narrows by `search_text` (name and aliases, lower-cased): Neo4j answers that
// from its text index, where the membership test on `aliases` alone would read every node.
MATCH (x:Entity)
WHERE x.search_text CONTAINS toLower($name) AND (x.name = $name OR $name IN x.aliases)
MATCH (person:Person)-[link:CONTACT_FOR|WORKS_FOR]->(x)
RETURN person.name AS person, type(link) AS relation, x.name AS of, person.title AS title, person.role AS role,
       person.email AS email, person.phone AS phone
ORDER BY of, person, relation
LIMIT $limit
