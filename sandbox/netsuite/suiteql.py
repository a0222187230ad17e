"""SuiteQL to SQLite: parse (Oracle dialect), check against the exposed schema, rewrite, transpile.

Whatever is not understood is refused with NetSuite's search error, never
guessed at: one SELECT only; known tables and columns only; a fixed set of
node types and functions. Oracle functions become the SQLite functions of
``sqlfunctions``; a text compared with a date column is read in the account's
date format, as Oracle's implicit conversion does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.dialects.oracle import Oracle
from sqlglot.errors import ParseError, TokenError
from sqlglot.parsers.oracle import OracleParser

from sandbox.netsuite.errors import NetSuiteError, search_error
from sandbox.netsuite.schema import DATE_KINDS, DATETIME, SUITEQL_TABLES, TEXT


class SuiteQLDialect(Oracle):
    """Oracle, but TO_CHAR/TO_DATE/TO_TIMESTAMP stay as written (their format models are ours to read)."""

    class Parser(OracleParser):
        FUNCTIONS = {
            name: builder
            for name, builder in OracleParser.FUNCTIONS.items()
            if name not in ("TO_CHAR", "TO_DATE", "TO_TIMESTAMP")
        }


_ALLOWED_NODES = (
    exp.Select,
    exp.From,
    exp.Join,
    exp.Table,
    exp.TableAlias,
    exp.Alias,
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Placeholder,
    exp.Star,
    exp.Where,
    exp.Group,
    exp.Having,
    exp.Order,
    exp.Ordered,
    exp.And,
    exp.Or,
    exp.Not,
    exp.Paren,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.In,
    exp.Between,
    exp.Is,
    exp.Null,
    exp.Like,
    exp.Count,
    exp.Sum,
    exp.Min,
    exp.Max,
    exp.Avg,
    exp.Coalesce,
    exp.Upper,
    exp.Lower,
    exp.Abs,
    exp.Round,
    exp.Length,
    exp.Substring,
    exp.Distinct,
    exp.Case,
    exp.If,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Neg,
    exp.DPipe,
    exp.Anonymous,
    exp.Dot,
)
_ALLOWED_SELECT_ARGS = {"expressions", "from_", "joins", "where", "group", "having", "order", "distinct"}
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
_DATE_FUNCTIONS = {"TO_TIMESTAMP", "TO_DATE"}
_DF_LOOKUPS = {
    ("transaction", "entity"): "SELECT c.entityid || ' ' || c.companyname FROM customer AS c WHERE c.id = {}",
    ("transactionline", "item"): "SELECT i.itemid FROM item AS i WHERE i.id = {}",
    ("transaction", "currency"): "SELECT c.name FROM currency AS c WHERE c.id = {}",
    ("customer", "currency"): "SELECT c.name FROM currency AS c WHERE c.id = {}",
    ("account", "currency"): "SELECT c.name FROM currency AS c WHERE c.id = {}",
}


@dataclass(frozen=True)
class OutputColumn:
    name: str
    kind: str | None  # a schema kind, or None when the value shows as it is


@dataclass(frozen=True)
class Translation:
    sql: str
    count_sql: str
    columns: tuple[OutputColumn, ...]
    placeholders: int


@dataclass(frozen=True)
class _Scope:
    tables: dict[str, str]  # alias (or table name) -> table
    order: tuple[str, ...]  # aliases in FROM/JOIN order


@lru_cache(maxsize=512)
def translate(query: str) -> Translation:
    tree = _parse(query)
    _check_shape(tree)
    scope = _scope(tree)
    _expand_stars(tree, scope)
    aliases = {p.alias.lower() for p in tree.expressions if isinstance(p, exp.Alias)}
    kinds = _resolve_columns(tree, scope, aliases)
    _check_grouping(tree)
    _rewrite_functions(tree, kinds)
    _implicit_dates(tree, kinds)
    columns = _name_outputs(tree, kinds)
    placeholders = len(list(tree.find_all(exp.Placeholder)))
    sql = tree.sql(dialect="sqlite", identify=True)
    counted = tree.copy()
    counted.set("order", None)
    count_sql = f"SELECT COUNT(*) FROM ({counted.sql(dialect='sqlite', identify=True)})"
    return Translation(sql, count_sql, columns, placeholders)


def _parse(query: str) -> exp.Select:
    if not isinstance(query, str) or not query.strip():
        raise search_error("the query is empty")
    try:
        statements = [s for s in sqlglot.parse(query, dialect=SuiteQLDialect) if s is not None]
    except (ParseError, TokenError) as exc:
        raise search_error(f"syntax error: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise search_error("send exactly one SELECT statement")
    tree = statements[0]
    if not isinstance(tree, exp.Select):
        raise search_error(f"only SELECT queries can run; {tree.key.upper()} is not allowed")
    return tree


def _check_shape(tree: exp.Select) -> None:
    extra = sorted(k for k, v in tree.args.items() if v and k not in _ALLOWED_SELECT_ARGS)
    if extra:
        raise search_error(f"unsupported clause: {', '.join(x.rstrip('_').upper() for x in extra)}")
    if not tree.args.get("from_"):
        raise search_error("a FROM clause is required")
    for node in tree.walk():
        if not isinstance(node, _ALLOWED_NODES):
            raise search_error(f"unsupported SQL: {node.key.upper()} ({node.sql(dialect='oracle')[:80]})")
        if isinstance(node, exp.Select) and node is not tree:
            raise search_error("subqueries are not supported")
        if isinstance(node, exp.Column) and node.args.get("join_mark"):
            raise search_error("the (+) outer join syntax is not supported; use LEFT OUTER JOIN")
        if isinstance(node, exp.Column) and (node.args.get("db") or node.args.get("catalog")):
            raise search_error(f"unsupported column reference: {node.sql(dialect='oracle')}")
        if isinstance(node, exp.Placeholder) and node.this:
            raise search_error("named bind variables are not supported; use ? placeholders")
        node.comments = None  # comments never reach SQLite
        if isinstance(node, exp.Distinct) and node.args.get("on"):
            raise search_error("DISTINCT ON is not supported")


def _scope(tree: exp.Select) -> _Scope:
    tables: dict[str, str] = {}
    order: list[str] = []
    sources = [tree.args["from_"].this] + [join.this for join in tree.args.get("joins") or []]
    for join in tree.args.get("joins") or []:
        side, kind = (join.side or "").upper(), (join.kind or "").upper()
        if side not in ("", "LEFT") or kind not in ("", "INNER", "OUTER") or join.args.get("using"):
            raise search_error(f"unsupported join: {join.sql(dialect='oracle')[:80]}")
    for source in sources:
        if not isinstance(source, exp.Table) or source.args.get("db") or source.args.get("catalog"):
            raise search_error(f"unsupported source: {source.sql(dialect='oracle')[:80]}")
        name = source.name.lower()
        if name not in SUITEQL_TABLES:
            raise search_error(f"Record '{source.name}' was not found.")
        alias = (source.alias or source.name).lower()
        if alias in tables:
            raise search_error(f"the name '{alias}' is used for two tables; give each its own alias")
        tables[alias] = name
        order.append(alias)
    return _Scope(tables, tuple(order))


def _expand_stars(tree: exp.Select, scope: _Scope) -> None:
    projections: list[exp.Expression] = []
    for projection in tree.expressions:
        if isinstance(projection, exp.Star):
            aliases = scope.order
        elif isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
            qualifier = projection.table.lower()
            if qualifier not in scope.tables:
                raise search_error(f"unknown table or alias '{projection.table}'")
            aliases = (qualifier,)
        else:
            projections.append(projection)
            continue
        for alias in aliases:
            for column in SUITEQL_TABLES[scope.tables[alias]]:
                projections.append(exp.column(column, table=alias))
    tree.set("expressions", projections)


def _resolve_columns(tree: exp.Select, scope: _Scope, aliases: set[str]) -> dict[int, tuple[str, str, str]]:
    """Qualify every column; returns id(column) -> (table, column, kind)."""
    kinds: dict[int, tuple[str, str, str]] = {}
    for column in list(tree.find_all(exp.Column)):
        if isinstance(column.this, exp.Star):
            continue
        name = column.name.lower()
        qualifier = column.table.lower() if column.table else None
        if qualifier is not None:
            table = scope.tables.get(qualifier)
            if table is None:
                raise search_error(f"unknown table or alias '{column.table}'")
            if name not in SUITEQL_TABLES[table]:
                raise search_error(f"Field '{column.name}' for record '{table}' was not found.")
        else:
            owners = [alias for alias in scope.order if name in SUITEQL_TABLES[scope.tables[alias]]]
            if not owners:
                if name in aliases and column.find_ancestor(exp.Order) is not None:
                    continue
                tables = ", ".join(sorted(set(scope.tables.values())))
                raise search_error(f"Field '{column.name}' was not found in {tables}.")
            if len(owners) > 1:
                raise search_error(f"Field '{column.name}' is ambiguous; qualify it with a table alias")
            qualifier = owners[0]
            table = scope.tables[qualifier]
        column.set("this", exp.to_identifier(name))
        column.set("table", exp.to_identifier(qualifier))
        kinds[id(column)] = (table, name, SUITEQL_TABLES[table][name])
    return kinds


_AGGREGATES = (exp.Count, exp.Sum, exp.Min, exp.Max, exp.Avg)


def _check_grouping(tree: exp.Select) -> None:
    """Oracle refuses a selected column that is neither grouped nor aggregated; so do we."""
    group = tree.args.get("group")
    grouped = {e.sql() for e in group.expressions} if group else set()
    if not grouped and not any(p.find(*_AGGREGATES) for p in tree.expressions):
        return
    for projection in tree.expressions:
        inner = projection.this if isinstance(projection, exp.Alias) else projection
        if inner.sql() in grouped:
            continue
        for column in inner.find_all(exp.Column):
            if column.find_ancestor(*_AGGREGATES) is None and column.sql() not in grouped:
                raise search_error(f"not a GROUP BY expression: {column.sql(dialect='oracle')}")


def _rewrite_functions(tree: exp.Select, kinds: dict[int, tuple[str, str, str]]) -> None:
    for node in list(tree.find_all(exp.Anonymous, exp.Dot)):
        if isinstance(node, exp.Dot):
            node.replace(_builtin_df(node, kinds))
            continue
        if node.find_ancestor(exp.Dot) is not None:
            continue  # the DF(...) inside BUILTIN.DF, handled with its Dot
        name = node.name.upper()
        args = list(node.expressions)
        if name == "TO_CHAR":
            _check_arity(name, args, 1, 2)
            _check_format_literal(name, args)
            node.replace(exp.Anonymous(this="NS_TO_CHAR", expressions=args))
        elif name in _DATE_FUNCTIONS:
            _check_arity(name, args, 1, 2)
            _check_format_literal(name, args)
            node.replace(exp.Anonymous(this="NS_TO_TIMESTAMP", expressions=args))
        else:
            raise search_error(f"Unknown function {node.name}")


def _check_arity(name: str, args: list, low: int, high: int) -> None:
    if not low <= len(args) <= high:
        raise search_error(f"{name} takes {low} to {high} arguments")


def _check_format_literal(name: str, args: list) -> None:
    if len(args) == 2 and not (isinstance(args[1], exp.Literal) and args[1].is_string):
        raise search_error(f"{name}'s format must be a text literal such as 'YYYY-MM-DD HH24:MI:SS'")


def _builtin_df(node: exp.Dot, kinds: dict[int, tuple[str, str, str]]) -> exp.Expression:
    function = node.expression
    if not (
        isinstance(node.this, exp.Identifier | exp.Column)
        and node.this.name.upper() == "BUILTIN"
        and isinstance(function, exp.Anonymous)
        and function.name.upper() == "DF"
    ):
        raise search_error(f"unsupported expression: {node.sql(dialect='oracle')[:80]}")
    args = list(function.expressions)
    if len(args) != 1 or not isinstance(args[0], exp.Column) or id(args[0]) not in kinds:
        raise search_error("BUILTIN.DF takes one column")
    column = args[0]
    table, name, _ = kinds[id(column)]
    if (table, name) == ("transaction", "status"):
        type_column = exp.column("type", table=column.table)
        return exp.Anonymous(this="NS_DF_STATUS", expressions=[type_column, column])
    if (table, name) == ("transaction", "type"):
        return exp.Anonymous(this="NS_DF_TYPE", expressions=[column])
    lookup = _DF_LOOKUPS.get((table, name))
    if lookup is None:
        raise search_error(f"BUILTIN.DF is not available for {table}.{name} in this account")
    sql = lookup.format(column.sql(dialect="sqlite", identify=True))
    return exp.Paren(this=sqlglot.parse_one(sql, read="sqlite"))


def _implicit_dates(tree: exp.Select, kinds: dict[int, tuple[str, str, str]]) -> None:
    def is_date(node: exp.Expression) -> bool:
        return isinstance(node, exp.Column) and id(node) in kinds and kinds[id(node)][2] in DATE_KINDS

    def convert(node: exp.Expression | None) -> None:
        if isinstance(node, exp.Placeholder) or (isinstance(node, exp.Literal) and node.is_string):
            node.replace(exp.Anonymous(this="NS_IMPLICIT_DATE", expressions=[node.copy()]))

    for node in list(tree.find_all(*_COMPARISONS, exp.Between, exp.In)):
        if isinstance(node, _COMPARISONS):
            if is_date(node.this):
                convert(node.expression)
            elif is_date(node.expression):
                convert(node.this)
        elif isinstance(node, exp.Between) and is_date(node.this):
            convert(node.args.get("low"))
            convert(node.args.get("high"))
        elif isinstance(node, exp.In) and is_date(node.this):
            for item in list(node.expressions):
                convert(item)


def _output_kind(node: exp.Expression, kinds: dict[int, tuple[str, str, str]]) -> str | None:
    if isinstance(node, exp.Alias):
        return _output_kind(node.this, kinds)
    if isinstance(node, exp.Column):
        return kinds[id(node)][2] if id(node) in kinds else None
    if isinstance(node, exp.Min | exp.Max | exp.Coalesce):
        return _output_kind(node.this, kinds)
    if isinstance(node, exp.Anonymous):
        return DATETIME if node.name == "NS_TO_TIMESTAMP" else TEXT
    return None


def _name_outputs(tree: exp.Select, kinds: dict[int, tuple[str, str, str]]) -> tuple[OutputColumn, ...]:
    """Lower-case names: the alias, the column's name, or exprN; every projection gets an alias."""
    columns: list[OutputColumn] = []
    unnamed = 0
    projections = []
    for projection in tree.expressions:
        kind = _output_kind(projection, kinds)
        if isinstance(projection, exp.Alias):
            name = projection.alias.lower()
            inner = projection.this
        elif isinstance(projection, exp.Column):
            name = projection.name.lower()
            inner = projection
        else:
            unnamed += 1
            name = f"expr{unnamed}"
            inner = projection
        if any(c.name == name for c in columns):
            raise search_error(f"the column name '{name}' appears twice; give one of them an alias")
        columns.append(OutputColumn(name, kind))
        projections.append(exp.alias_(inner, name, quoted=True))
    tree.set("expressions", projections)
    return tuple(columns)


def check_parameters(translation: Translation, params: list) -> None:
    if len(params) != translation.placeholders:
        raise NetSuiteError(
            400,
            "INVALID_PARAMETER",
            f"The query has {translation.placeholders} bind variable(s) ('?') but {len(params)} parameter(s) "
            "were given.",
        )
