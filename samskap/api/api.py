"""The public REST API, version 1, mounted at /api/v1/ (schema at /api/v1/openapi.json).

There is no interactive documentation page: it would need scripts from a CDN and inline
scripts, which the Content Security Policy forbids. Read the OpenAPI document instead.
"""

from ninja import NinjaAPI

from . import activities, arenas, organisations, places, taxonomies

DESCRIPTION = """\
Read-only access to Samskap's public directory of libraries, voluntary organisations and
municipal services, to the public activity calendar, and to the places and taxonomies they use.

* Only organisations that have agreed to a public profile and are active are included, with
  what their public profile page shows.
* Lists are paginated (`page`, `page_size` up to 100) and return `count`, `next`, `previous`
  and `items`.
* Invalid parameters give `422` with a JSON description of each error; unknown filter values
  give an empty list; a missing object gives `404` with a JSON `detail`.
* Activities and occurrences take the filters of the calendar page (`/aktiviteter/`), with the
  same names and values, and check them as the page does: an unknown value or a malformed date
  gives `400` with `detail` and the `errors` per parameter, in the language of the
  `Accept-Language` header (Bokmål, Nynorsk or English). Times are ISO 8601 in Europe/Oslo with
  the offset.
* Arenas (co-creation arenas, course days and network meetings) are listed when published or
  cancelled, with their programme, questions and free places, and each has a public report
  (`/arenas/{id}/report`): counts, municipalities reached, organisations with a public
  profile and new connections between them. No participant's name, e-mail, video link or
  join code is ever included.
* Names of target groups and themes come in Norwegian Bokmål (`nb`), Nynorsk (`nn`) and
  English (`en`).

**Licence of register data.** Organisation numbers, names, addresses and other entries that
come from the Brønnøysund registers (Enhetsregisteret and Frivillighetsregisteret;
`source: register`) are made available under the Norwegian Licence for Open Government Data
(NLOD 2.0, https://data.norge.no/nlod/en/2.0). Municipality and county numbers, names and
points come from Statistics Norway and Kartverket (open data).
"""

api = NinjaAPI(
    title="Samskap API",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
)
api.add_router("", organisations.router)
api.add_router("", places.router)
api.add_router("", taxonomies.router)
api.add_router("", activities.router)
api.add_router("", arenas.router)
activities.register_error_handlers(api)
