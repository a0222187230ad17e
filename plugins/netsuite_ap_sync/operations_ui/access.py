"""Who is asking, and what they may do: Airflow's own login and auth manager.

A page needs the user Airflow's login gave (the UI's ``_token`` cookie, or a
Bearer token as for the REST API) and read access to DAGs; an action (retry,
resolve, mark done, choose accounts, trigger a sync) needs edit access to DAGs.
A browser without a login is sent to Airflow's login page and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from fastapi import Depends, HTTPException, Request, status


@dataclass(frozen=True)
class Access:
    user_name: str
    can_act: bool


async def airflow_user(request: Request):
    """The user Airflow's login vouches for (401 without one)."""
    from airflow.api_fastapi.core_api.security import bearer_scheme, get_user

    return await get_user(request, None, await bearer_scheme(request))


def access(user=Depends(airflow_user)) -> Access:
    from airflow.api_fastapi.app import get_auth_manager

    manager = get_auth_manager()
    if not manager.is_authorized_dag(method="GET", user=user):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "you may not read the sync's DAGs")
    return Access(user.get_name(), manager.is_authorized_dag(method="PUT", user=user))


def may_act(request: Request, who: Access = Depends(access)) -> Access:
    """Edit access, asked from a page of this site (a form posted from elsewhere is refused)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "actions are taken from the operations pages only")
    if not who.can_act:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"{who.user_name} may look but not act: edit access needed")
    return who


def login_url(request: Request) -> str:
    """Airflow's login page, coming back to this page afterwards."""
    here = str(request.url)
    try:
        from airflow.api_fastapi.app import get_auth_manager

        return get_auth_manager().get_url_login(next_url=here)
    except Exception:  # no auth manager configured (a bare test app): Airflow's default login path
        return f"/auth/login?next={quote(here, safe='')}"
