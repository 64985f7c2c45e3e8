# Jupyter server settings of the course (the lab command and the image put
# this folder on JUPYTER_CONFIG_PATH): cells run one at a time, and Run All
# stops at the first cell that fails (govae_jupyter.py says why).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
c.ServerApp.kernel_websocket_connection_class = "govae_jupyter.StopOnErrorConnection"  # noqa: F821
