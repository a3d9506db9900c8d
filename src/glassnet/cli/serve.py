"""``glassnet serve``: the web playground on a local address (draw, look inside, train)."""

import argparse
import contextlib
import io
import socket
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glassnet.cli.options import DATASET, WORKERS, add_data_dir_option
from glassnet.cli.progress import ProgressPrinter

if TYPE_CHECKING:
    from glassnet.web.models import LoadedModel

_MISSING_EXTRA = "glassnet serve needs the web extra: pip install 'glassnet[web]'"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="start the web playground: draw a digit, look inside, watch a network learn",
        description="Serve the playground page on a local address. Without --model, a quick "
        "model is trained on MNIST (when its files are in the data directory) or on the "
        "bundled 8x8 digits, or on --dataset (digits or mnist), and cached for the next start. "
        "--workers training processes are shared by all learners (default: one per CPU core "
        "but one, 1 to 4; at most 64).",
    )
    parser.add_argument("--model", metavar="PATH", help="a glassnet model file (.npz) to draw on")
    parser.add_argument(
        "--models-dir",
        metavar="DIR",
        help="folder whose model files the page may load, subfolders included (default: "
        "only the files directly in the folder of --model)",
    )
    DATASET.add(parser)
    add_data_dir_option(parser)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)"
    )
    WORKERS.add(parser)
    parser.add_argument("--open", action="store_true", help="open the page in a web browser")
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from glassnet.web.app import create_app
    except ImportError:
        raise ValueError(_MISSING_EXTRA) from None
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port must be 0 to 65535, got {args.port}")
    if args.workers is not None and not 1 <= args.workers <= 64:
        raise ValueError(f"--workers must be 1 to 64, got {args.workers}")
    models_dir = args.models_dir or (str(Path(args.model).parent) if args.model else None)
    if models_dir is not None and not Path(models_dir).is_dir():
        raise ValueError(f"--models-dir {models_dir}: no such folder")
    sock = _bind(args.host, args.port)  # before training: a busy port fails at once
    try:
        app = create_app(
            _startup_model(args),
            models_dir,
            hosts=_own_hosts(args.host, sock),
            workers=args.workers,
            search_subfolders=args.models_dir is not None,  # never a whole home folder
        )
    except BaseException:
        sock.close()
        raise
    app.state.data_dir = args.data_dir  # the lessons read their data sets from here too
    model = app.state.models.default
    host, port = sock.getsockname()[:2]
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(f"glassnet playground on {url} (model: {model.name}; Ctrl+C stops it)", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"note: listening on {args.host}, other machines can reach this page", flush=True)
        if host in ("0.0.0.0", "::"):
            print(f"students open http://{_lan_address(host)}:{port}/", flush=True)
    if args.open:
        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2)
    # uvicorn shuts down gracefully on Ctrl+C, then passes it on: stopping is no error.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[sock])
    print("glassnet playground stopped", flush=True)
    return 0


def _startup_model(args: argparse.Namespace) -> "LoadedModel":
    """``--model``, else the cached quick model, else a quick model trained now."""
    from glassnet.files import load
    from glassnet.web.models import LoadedModel, default_name
    from glassnet.web.quick import cached_model, choose_dataset, save_to_cache, train_quick_model

    if args.model:
        return LoadedModel(Path(args.model).name, load(args.model))
    dataset = choose_dataset(args.dataset or "auto", args.data_dir)
    model = cached_model(dataset.name)
    if model is None:
        print(f"no --model: training a quick model on {dataset.name} (once; it is cached)")
        # The bar shows on a terminal; the per-epoch lines would only be noise here.
        progress = ProgressPrinter(_epochs(dataset.name), stream=io.StringIO())
        model = train_quick_model(dataset, [progress])
        accuracy = model.training["test_accuracy"]
        print(f"test accuracy {accuracy:.4f}; saved to {save_to_cache(model, dataset.name)}")
    return LoadedModel(default_name(model), model)


def _epochs(dataset: str) -> int:
    from glassnet.web.quick import QUICK_CONFIGS

    return QUICK_CONFIGS[dataset].epochs


def _own_hosts(host: str, sock: socket.socket) -> list[str]:
    """The names a browser may use for this server: ``--host``, the bound address and, when
    listening on every interface, this machine's own names and addresses (the page then
    answers requests for those, never for another site's name: DNS rebinding)."""
    bound = str(sock.getsockname()[0])
    hosts = [host, bound]
    if bound in ("0.0.0.0", "::"):
        with contextlib.suppress(OSError):
            name = socket.gethostname()
            hosts += [name, socket.getfqdn(name)]
            hosts += [str(info[4][0]) for info in socket.getaddrinfo(name, None)]
        hosts.append(_lan_address(bound).strip("[]"))  # the address students are told
    return hosts


def _lan_address(host: str) -> str:
    """This machine's address on its network (what another machine would reach it by).

    Connecting a UDP socket sends nothing; it only asks the system which of its
    addresses a packet to that network would leave from.
    """
    family, probe = (
        (socket.AF_INET6, "fd00::1") if host == "::" else (socket.AF_INET, "10.254.254.254")
    )
    with socket.socket(family, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect((probe, 9))
            address = str(udp.getsockname()[0])
        except OSError:
            address = (
                socket.gethostbyname(socket.gethostname()) if family == socket.AF_INET else "::1"
            )
    return f"[{address}]" if ":" in address else address


def _bind(host: str, port: int) -> socket.socket:
    """Our own listening socket, so the address printed is the one bound (also for port 0)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ValueError(
            f"cannot listen on {host}:{port} ({error.strerror or error}); "
            "choose another --port (0 picks a free one)"
        ) from None
    sock.listen(128)
    return sock
